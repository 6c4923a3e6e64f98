import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReferralsService } from '@app/domain/intake';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { INCIDENTS_READ, REFERRALS_WRITE } from './intake-policies';
import { CreateReferralDto, ReferralDto, ReferralPageDto, ReferralQueryDto } from './referral.dto';

const REFERRAL = resource('referral', { name: 'referralId', format: 'uuid' });

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @Endpoint({
    allow: REFERRALS_WRITE,
    summary: 'Log a referral',
    description:
      'From an agency, an elected member, the third sector or a member of the public. Each becomes a nomination of kind referral, decided in a meeting like any other.',
    created: ReferralDto,
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateReferralDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<ReferralDto> {
    const r = await this.referrals.create(partnershipId, body);
    void reply.header('location', `/api/v1/partnerships/${partnershipId}/referrals/${r.id}`);
    return ReferralDto.from(r);
  }

  @Get()
  @Endpoint({ allow: INCIDENTS_READ, summary: 'List referrals, newest first, with their nominations', ok: ReferralPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: ReferralQueryDto): Promise<ReferralPageDto> {
    return pageOf(await this.referrals.list(partnershipId, query), ReferralDto.from);
  }

  @Get(':referralId')
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'Get a referral',
    reads: REFERRAL,
    ok: ReferralDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('referralId') id: string): Promise<ReferralDto> {
    return ReferralDto.from(await this.referrals.get(partnershipId, id));
  }
}
