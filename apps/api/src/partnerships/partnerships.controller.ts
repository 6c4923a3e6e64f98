import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { CurrentPrincipal, type Principal } from '@app/core/security';
import { IntakeSettingsService } from '@app/domain/intake';
import { PartnershipErrors, PartnershipsService } from '@app/domain/partnerships';
import { IfMatch, PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { pageOf } from '../common/page';
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
  @Endpoint({ allow: { anyUser: true, scopes: 'any' }, summary: 'List the partnerships you belong to (all, for platform admins)', ok: PartnershipPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: PageQueryDto): Promise<PartnershipPageDto> {
    return pageOf(await this.partnerships.listFor(principal, query), PartnershipDto.from);
  }

  @Post()
  @Endpoint({
    allow: {},
    summary: 'Create a partnership (platform admins)',
    created: PartnershipDto,
    refuses: [PartnershipErrors.partnershipExists, PartnershipErrors.referencePrefixTaken],
  })
  async create(@Body() body: CreatePartnershipDto): Promise<PartnershipDto> {
    const partnership = await this.partnerships.create(body);
    return PartnershipDto.from(partnership);
  }

  @Get(':partnershipId')
  @Endpoint({ allow: { roles: 'any', scopes: 'any' }, summary: 'Get a partnership and its settings', params: [PARTNERSHIP_PARAM], ok: PartnershipDto })
  async get(@PartnershipId() partnershipId: string): Promise<PartnershipDto> {
    const partnership = await this.partnerships.get(partnershipId);
    return { ...PartnershipDto.from(partnership), intakeSettings: await this.intakeSettings.get(partnership.id) };
  }

  @Patch(':partnershipId')
  @Endpoint({
    allow: {},
    summary: "Change the partnership's settings (admins)",
    description: 'Honours If-Match with the ETag from GET: 412 when the partnership changed since.',
    params: [PARTNERSHIP_PARAM],
    ifMatch: 'partnership',
    ok: PartnershipDto,
    refuses: [CommonErrors.preconditionFailed],
  })
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
  @Endpoint({ allow: { roles: 'any', scopes: 'any' }, summary: "List the partnership's agencies", ok: AgencyPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: AgencyQueryDto): Promise<AgencyPageDto> {
    return pageOf(await this.partnerships.listAgencies(partnershipId, query), AgencyDto.from);
  }

  @Post()
  @Endpoint({ allow: {}, summary: 'Add an agency to the partnership (admins)', created: AgencyDto, refuses: [PartnershipErrors.agencyExists] })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateAgencyDto): Promise<AgencyDto> {
    return AgencyDto.from(await this.partnerships.createAgency(partnershipId, body));
  }
}
