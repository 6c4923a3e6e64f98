import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { IntakeErrors, NominationsService } from '@app/domain/intake';
import { ProblemErrors } from '@app/domain/problems';
import { TaskingErrors } from '@app/domain/tasking';
import { ifMatchVersion } from '../common/etag';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { AgendaNominationDto } from '../tasking/tasking.dto';
import { INCIDENTS_READ, NOMINATION_DECIDE } from './intake-policies';
import { NominationDecisionDto, NominationDecisionResultDto, NominationDto, NominationPageDto, NominationQueryDto } from './nomination.dto';

const NOMINATION_PARAM = { name: 'nominationId', format: 'uuid', description: 'A nomination.' };
const NOMINATION = resource('nomination', NOMINATION_PARAM);

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@ApiExtraModels(AgendaNominationDto)
@Controller('partnerships/:partnershipId/nominations')
export class NominationsController {
  constructor(private readonly nominations: NominationsService) {}

  @Get()
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'List nominations, newest first',
    description:
      'Kinds: repeat_location, repeat_victim, repeat_offender, exception (raised by the repeat scanners), referral, engagement_issue. States: open, accepted, declined, merged.',
    ok: NominationPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: NominationQueryDto): Promise<NominationPageDto> {
    return pageOf(await this.nominations.list(partnershipId, query), NominationDto.from);
  }

  @Get(':nominationId')
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'Get a nomination with its evidence counts',
    description: 'GET {pid}/incidents?nominationId= lists its incidents.',
    reads: NOMINATION,
    ok: NominationDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('nominationId') id: string): Promise<NominationDto> {
    const n = await this.nominations.get(partnershipId, id);
    return NominationDto.from(n);
  }
}

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/meetings/:meetingId/nominations')
export class NominationDecisionsController {
  constructor(private readonly nominations: NominationsService) {}

  @Post(':nominationId/decision')
  @Endpoint({
    allow: NOMINATION_DECIDE,
    summary: 'Decide a nomination in an open meeting (the chair or deputy chair of its group, admins; as a person)',
    description:
      "accept opens a problem at scanning (source monitoring, or referral for referrals) with the nomination's location, linked to its evidence; decline needs a reason; merge links it to an open problem. " +
      "The decision is recorded in the meeting's minutes, audited, and sent as nomination.decided, in one transaction. " +
      "Only the chair or deputy chair of the meeting's tasking group or a partnership admin decides: anyone else, another group's chair included, gets 403.",
    params: [{ name: 'meetingId', format: 'uuid', description: 'An open meeting.' }, NOMINATION_PARAM],
    ifMatch: 'nomination',
    ok: NominationDecisionResultDto,
    notFound: 'No such meeting or nomination in this partnership.',
    refuses: [
      IntakeErrors.nominationDecided,
      TaskingErrors.meetingNotOpen,
      TaskingErrors.meetingClosed,
      CommonErrors.preconditionFailed,
      IntakeErrors.categoryRequired,
      ProblemErrors.unknownProblem,
      ProblemErrors.problemClosed,
      ProblemErrors.unknownCategory,
    ],
  })
  async decide(
    @PartnershipId() partnershipId: string,
    @IdParam('meetingId') meetingId: string,
    @IdParam('nominationId') nominationId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: NominationDecisionDto,
  ): Promise<NominationDecisionResultDto> {
    const expected = ifMatch === undefined ? undefined : ifMatchVersion(ifMatch, nominationId);
    return NominationDecisionResultDto.from(await this.nominations.decide(partnershipId, meetingId, nominationId, body, expected));
  }
}
