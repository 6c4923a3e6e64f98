import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { IntakeErrors, NominationsService } from '@app/domain/intake';
import { ProblemErrors } from '@app/domain/problems';
import { TaskingErrors } from '@app/domain/tasking';
import { ApiIfMatch, ifMatchVersion } from '../common/etag';
import { IdParam, PartnershipId } from '../common/edge';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { AgendaNominationDto } from '../tasking/tasking.dto';
import { INCIDENTS_READ, NOMINATION_DECIDE } from './intake-policies';
import { NominationDecisionDto, NominationDecisionResultDto, NominationDto, NominationPageDto, NominationQueryDto } from './nomination.dto';

const NOMINATION_PARAM = { name: 'nominationId', format: 'uuid', description: 'A nomination.' };

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@ApiExtraModels(AgendaNominationDto)
@Controller('partnerships/:partnershipId/nominations')
export class NominationsController {
  constructor(private readonly nominations: NominationsService) {}

  @Get()
  @Allow(INCIDENTS_READ)
  @ApiOperation({
    summary: 'List nominations, newest first',
    description:
      'Kinds: repeat_location, repeat_victim, repeat_offender, exception (raised by the repeat scanners), referral, engagement_issue. States: open, accepted, declined, merged.',
  })
  @ApiOkResponse({ type: NominationPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: NominationQueryDto): Promise<NominationPageDto> {
    const page = await this.nominations.list(partnershipId, query);
    return { items: page.items.map(NominationDto.from), nextCursor: page.nextCursor };
  }

  @Get(':nominationId')
  @Allow(INCIDENTS_READ)
  @ApiOperation({ summary: 'Get a nomination with its evidence counts', description: 'GET {pid}/incidents?nominationId= lists its incidents.' })
  @ApiParam(NOMINATION_PARAM)
  @ApiOkResponse({ type: NominationDto })
  @ApiNotFoundResponse({ description: 'No such nomination in this partnership.' })
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
  @Allow(NOMINATION_DECIDE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide a nomination in an open meeting (the chair or deputy chair of its group, admins; as a person)',
    description:
      "accept opens a problem at scanning (source monitoring, or referral for referrals) with the nomination's location, linked to its evidence; decline needs a reason; merge links it to an open problem. " +
      "The decision is recorded in the meeting's minutes, audited, and sent as nomination.decided, in one transaction. " +
      "Only the chair or deputy chair of the meeting's tasking group or a partnership admin decides: anyone else, another group's chair included, gets 403.",
  })
  @ApiParam({ name: 'meetingId', format: 'uuid', description: 'An open meeting.' })
  @ApiParam(NOMINATION_PARAM)
  @ApiIfMatch('nomination')
  @ApiOkResponse({ type: NominationDecisionResultDto })
  @ApiNotFoundResponse({ description: 'No such meeting or nomination in this partnership.' })
  @Refuses(
    IntakeErrors.nominationDecided,
    TaskingErrors.meetingNotOpen,
    TaskingErrors.meetingClosed,
    CommonErrors.preconditionFailed,
    IntakeErrors.categoryRequired,
    ProblemErrors.unknownProblem,
    ProblemErrors.problemClosed,
    ProblemErrors.unknownCategory,
  )
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
