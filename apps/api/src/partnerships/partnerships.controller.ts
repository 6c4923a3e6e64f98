import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PageQueryDto } from '@app/core/pagination';
import { PartnershipsService } from '@app/domain/partnerships';
import { setEtag } from '../common/etag';
import type { ApiRequest } from '../common/partnership-context.interceptor';
import { AgencyDto, AgencyPageDto, AgencyQueryDto, CreateAgencyDto, PartnershipDto, PartnershipPageDto } from './partnership.dto';

export const PARTNERSHIP_PARAM = {
  name: 'partnershipId',
  description: 'The partnership\'s UUID or its short code (e.g. `cardiff`, `cwm-taf`).',
};

@ApiTags('partnerships')
@Controller('partnerships')
export class PartnershipsController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOperation({ summary: 'List partnerships' })
  @ApiOkResponse({ type: PartnershipPageDto })
  async list(@Query() query: PageQueryDto): Promise<PartnershipPageDto> {
    const page = await this.partnerships.list(query);
    return { items: page.items.map(PartnershipDto.from), nextCursor: page.nextCursor };
  }

  @Get(':partnershipId')
  @ApiOperation({ summary: 'Get a partnership and its settings' })
  @ApiParam(PARTNERSHIP_PARAM)
  @ApiOkResponse({ type: PartnershipDto })
  async get(@Req() req: ApiRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<PartnershipDto> {
    const partnership = await this.partnerships.get(req.partnership!.id);
    setEtag(reply, partnership.id, partnership.version);
    return PartnershipDto.from(partnership);
  }
}

@ApiTags('agencies')
@Controller('partnerships/:partnershipId/agencies')
export class AgenciesController {
  constructor(private readonly partnerships: PartnershipsService) {}

  @Get()
  @ApiOperation({ summary: 'List the partnership\'s agencies' })
  @ApiParam(PARTNERSHIP_PARAM)
  @ApiOkResponse({ type: AgencyPageDto })
  async list(@Req() req: ApiRequest, @Query() query: AgencyQueryDto): Promise<AgencyPageDto> {
    const page = await this.partnerships.listAgencies(req.partnership!.id, query);
    return { items: page.items.map(AgencyDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an agency to the partnership' })
  @ApiParam(PARTNERSHIP_PARAM)
  @ApiCreatedResponse({ type: AgencyDto })
  async create(@Req() req: ApiRequest, @Param('partnershipId') _pid: string, @Body() body: CreateAgencyDto): Promise<AgencyDto> {
    return AgencyDto.from(await this.partnerships.createAgency(req.partnership!.id, body));
  }
}
