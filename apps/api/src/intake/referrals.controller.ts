import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow } from '@app/core/security';
import { ReferralsService } from '@app/domain/intake';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { INCIDENTS_READ, REFERRALS_WRITE } from './intake-policies';
import { CreateReferralDto, ReferralDto, ReferralPageDto, ReferralQueryDto } from './referral.dto';

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @Allow(REFERRALS_WRITE)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Log a referral',
    description:
      'From an agency, an elected member, the third sector or a member of the public. Each becomes a nomination of kind referral, decided in a meeting like any other.',
  })
  @ApiCreatedResponse({ type: ReferralDto })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateReferralDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReferralDto> {
    const r = await this.referrals.create(partnershipId, body);
    void reply.header('location', `/api/v1/partnerships/${partnershipId}/referrals/${r.id}`);
    return ReferralDto.from(r);
  }

  @Get()
  @Allow(INCIDENTS_READ)
  @ApiOperation({ summary: 'List referrals, newest first, with their nominations' })
  @ApiOkResponse({ type: ReferralPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: ReferralQueryDto): Promise<ReferralPageDto> {
    const page = await this.referrals.list(partnershipId, query);
    return { items: page.items.map(ReferralDto.from), nextCursor: page.nextCursor };
  }

  @Get(':referralId')
  @Allow(INCIDENTS_READ)
  @ApiOperation({ summary: 'Get a referral' })
  @ApiParam({ name: 'referralId', format: 'uuid' })
  @ApiOkResponse({ type: ReferralDto })
  @ApiNotFoundResponse({ description: 'No such referral in this partnership.' })
  async get(@PartnershipId() partnershipId: string, @IdParam('referralId') id: string): Promise<ReferralDto> {
    return ReferralDto.from(await this.referrals.get(partnershipId, id));
  }
}
