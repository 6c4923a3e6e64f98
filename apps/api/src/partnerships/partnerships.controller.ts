import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { Allow, CurrentPrincipal, type Principal } from '@app/core/security';
import { IntakeSettingsService } from '@app/domain/intake';
import { PartnershipErrors, PartnershipsService } from '@app/domain/partnerships';
import { ApiIfMatch } from '../common/etag';
import { IfMatch, PartnershipId } from '../common/edge';
import {
  AgencyDto,
  AgencyPageDto,
  AgencyQueryDto,
  CreateAgencyDto,
  CreatePartnershipDto,
  PartnershipDto,
  PartnershipPageDto,
  PatchPartnershipDto,
} from './partnership.dto';

export const PARTNERSHIP_PARAM = {
  name: 'partnershipId',
  description: "The partnership's UUID or its short code (e.g. `cardiff`, `cwm-taf`).",
};

@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(
    private readonly partnerships: PartnershipsService,
    private readonly intakeSettings: IntakeSettingsService,
  ) {}

  @Get()
  @Allow({ anyUser: true, scopes: 'any' })
  @ApiOperation({ summary: 'List the partnerships you belong to (all, for platform admins)' })
  @ApiOkResponse({ type: PartnershipPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<PartnershipPageDto> {
    const page = await this.partnerships.listFor(principal, query);
    return { items: page.items.map(PartnershipDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow({})
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a partnership (platform admins)' })
  @ApiCreatedResponse({ type: PartnershipDto })
  @Refuses(PartnershipErrors.partnershipExists, PartnershipErrors.referencePrefixTaken)
  async create(@Body() body: CreatePartnershipDto): Promise<PartnershipDto> {
    const partnership = await this.partnerships.create(body);
    return PartnershipDto.from(partnership);
  }

  @Get(':partnershipId')
  @Allow({ roles: 'any', scopes: 'any' })
  @ApiOperation({ summary: 'Get a partnership and its settings' })
  @ApiParam(PARTNERSHIP_PARAM)
  @ApiOkResponse({ type: PartnershipDto })
  async get(@PartnershipId() partnershipId: string): Promise<PartnershipDto> {
    const partnership = await this.partnerships.get(partnershipId);
    return { ...PartnershipDto.from(partnership), intakeSettings: await this.intakeSettings.get(partnership.id) };
  }

  @Patch(':partnershipId')
  @Allow({})
  @ApiOperation({
    summary: "Change the partnership's settings (admins)",
    description: 'Honours If-Match with the ETag from GET: 412 when the partnership changed since.',
  })
  @ApiParam(PARTNERSHIP_PARAM)
  @ApiIfMatch('partnership')
  @ApiOkResponse({ type: PartnershipDto })
  @Refuses(CommonErrors.preconditionFailed)
  async update(
    @PartnershipId() id: string,
    @IfMatch('partnershipId') expectedVersion: number | undefined,
    @Body() body: PatchPartnershipDto,
  ): Promise<PartnershipDto> {
    const { intakeSettings, ...settings } = body;
    const partnership = await this.partnerships.updateSettings(id, settings, expectedVersion);
    const intake = intakeSettings ? await this.intakeSettings.update(id, intakeSettings) : await this.intakeSettings.get(id);
    return { ...PartnershipDto.from(partnership), intakeSettings: intake };
  }
}

@ApiTags('agencies')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/agencies')
export class AgenciesController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @Allow({ roles: 'any', scopes: 'any' })
  @ApiOperation({ summary: "List the partnership's agencies" })
  @ApiOkResponse({ type: AgencyPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: AgencyQueryDto): Promise<AgencyPageDto> {
    const page = await this.partnerships.listAgencies(partnershipId, query);
    return { items: page.items.map(AgencyDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow({})
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an agency to the partnership (admins)' })
  @ApiCreatedResponse({ type: AgencyDto })
  @Refuses(PartnershipErrors.agencyExists)
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateAgencyDto): Promise<AgencyDto> {
    return AgencyDto.from(await this.partnerships.createAgency(partnershipId, body));
  }
}
