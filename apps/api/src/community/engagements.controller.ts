import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { AssessmentErrors } from '@app/domain/assessments';
import { CommunityErrors, EngagementsService } from '@app/domain/community';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource, type EndpointOptions } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { ANSWER_PUBLISH, ENGAGEMENTS_READ, ENGAGEMENTS_RECORD } from './community-policies';
import { CreateEngagementDto, EngagementDetailDto, EngagementDto, EngagementPageDto, EngagementQueryDto, UpdateEngagementDto } from './engagement.dto';
import {
  AnswerIssueDto,
  CloseIssueDto,
  CreateEngagementIssueDto,
  EngagementIssueDto,
  EngagementIssuePageDto,
  EngagementIssueQueryDto,
  LinkIssueDto,
  NominateIssueDto,
} from './engagement-issue.dto';

const ENGAGEMENT_PARAM = { name: 'engagementId', format: 'uuid', description: 'An engagement.' };
const ISSUE_PARAM = { name: 'issueId', format: 'uuid', description: 'An issue raised at an engagement.' };
const ENGAGEMENT = resource('engagement', ENGAGEMENT_PARAM);
const ISSUE = resource('issue', ISSUE_PARAM);
const IssueId = () => IdParam('issueId', 'engagement issue');
const ChangingIssue = () => Changing('issueId', 'engagement issue');

@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/engagements')
export class EngagementsController {
  constructor(private readonly engagements: EngagementsService) {}

  @Get()
  @Endpoint({ allow: ENGAGEMENTS_READ, summary: 'List engagements, latest first', description: 'Filters combine (AND).', ok: EngagementPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: EngagementQueryDto): Promise<EngagementPageDto> {
    return pageOf(await this.engagements.list(partnershipId, { ...query, areaCode: query.area }), EngagementDto.from);
  }

  @Post()
  @Endpoint({
    allow: ENGAGEMENTS_RECORD,
    summary: 'Record an engagement with the community (analysts, chairs)',
    description: 'Emits engagement.recorded.',
    created: EngagementDetailDto,
    refuses: [CommunityErrors.dateInFuture, PartnershipErrors.agencyNotInPartnership],
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateEngagementDto): Promise<EngagementDetailDto> {
    return EngagementDetailDto.fromDetail(await this.engagements.create(partnershipId, body));
  }

  @Get(':engagementId')
  @Endpoint({
    allow: ENGAGEMENTS_READ,
    summary: 'Get an engagement with the issues raised at it',
    reads: ENGAGEMENT,
    ok: EngagementDetailDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('engagementId') id: string): Promise<EngagementDetailDto> {
    return EngagementDetailDto.fromDetail(await this.engagements.read(partnershipId, id));
  }

  @Patch(':engagementId')
  @Endpoint({
    allow: ENGAGEMENTS_RECORD,
    summary: 'Change an engagement (only the fields sent)',
    changes: ENGAGEMENT,
    ok: EngagementDetailDto,
    refuses: [CommonErrors.preconditionFailed, CommunityErrors.dateInFuture, PartnershipErrors.agencyNotInPartnership],
  })
  async update(
    @Changing('engagementId') { partnershipId, id, expectedVersion }: ChangeTarget,
    @Body() body: UpdateEngagementDto,
  ): Promise<EngagementDetailDto> {
    return EngagementDetailDto.fromDetail(await this.engagements.update(partnershipId, id, body, expectedVersion));
  }

  @Post(':engagementId/issues')
  @Endpoint({
    allow: ENGAGEMENTS_RECORD,
    summary: 'Record an issue raised at the engagement',
    description: 'What was said stays in the partnership; the public sees only the category, the area and the published answer.',
    reads: ENGAGEMENT,
    created: EngagementIssueDto,
    refuses: [ProblemErrors.unknownCategory, CommunityErrors.noApprovedAssessment, AssessmentErrors.unknownAssessment, CommunityErrors.unknownRequirement],
  })
  async addIssue(
    @PartnershipId() partnershipId: string,
    @IdParam('engagementId') id: string,
    @Body() body: CreateEngagementIssueDto,
  ): Promise<EngagementIssueDto> {
    return EngagementIssueDto.from(await this.engagements.addIssue(partnershipId, id, body));
  }
}

/** Nominating, linking and closing an open issue, answered with it. */
const HANDLE_ISSUE = { allow: ENGAGEMENTS_RECORD, changes: ISSUE, ok: EngagementIssueDto } satisfies Partial<EndpointOptions>;

@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/engagement-issues')
export class EngagementIssuesController {
  constructor(private readonly engagements: EngagementsService) {}

  @Get()
  @Endpoint({ allow: ENGAGEMENTS_READ, summary: 'List the issues raised, newest first', description: 'Filters combine (AND).', ok: EngagementIssuePageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: EngagementIssueQueryDto): Promise<EngagementIssuePageDto> {
    return pageOf(await this.engagements.listIssues(partnershipId, { ...query, areaCode: query.area }), EngagementIssueDto.from);
  }

  @Get(':issueId')
  @Endpoint({
    allow: ENGAGEMENTS_READ,
    summary: 'Get an issue raised',
    reads: ISSUE,
    ok: EngagementIssueDto,
  })
  async get(@PartnershipId() partnershipId: string, @IssueId() id: string): Promise<EngagementIssueDto> {
    return EngagementIssueDto.from(await this.engagements.readIssue(partnershipId, id));
  }

  @Post(':issueId/nominate')
  @Endpoint({
    ...HANDLE_ISSUE,
    summary: 'Nominate an open issue for tasking',
    description:
      "Makes an intake nomination of kind engagement_issue (nomination.created; listed in the tactical agenda's new nominations); the issue becomes nominated. When the chair accepts the nomination in a meeting, a problem at scanning opens with source community_engagement and the issue gets its problemId; merged, the problem it joined; declined, the issue is closed with the reason. Once nominated, a second nomination is refused (409).",
    refuses: [CommunityErrors.engagementIssueNotOpen, CommonErrors.preconditionFailed],
  })
  async nominate(@ChangingIssue() { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: NominateIssueDto) {
    return EngagementIssueDto.from(await this.engagements.nominate(partnershipId, id, body, expectedVersion));
  }

  @Post(':issueId/link')
  @Endpoint({
    ...HANDLE_ISSUE,
    summary: 'Link an open issue to work under way: a problem and/or a control strategy priority',
    refuses: [
      CommunityErrors.engagementIssueNotOpen,
      CommonErrors.preconditionFailed,
      CommunityErrors.linkTargetRequired,
      ProblemErrors.unknownProblem,
      StrategyErrors.priorityNotCurrent,
    ],
  })
  async link(@ChangingIssue() { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: LinkIssueDto) {
    return EngagementIssueDto.from(await this.engagements.link(partnershipId, id, body, expectedVersion));
  }

  @Post(':issueId/close')
  @Endpoint({
    ...HANDLE_ISSUE,
    summary: 'Close an open issue with a reason',
    refuses: [CommunityErrors.engagementIssueNotOpen, CommonErrors.preconditionFailed],
  })
  async close(@ChangingIssue() { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: CloseIssueDto) {
    return EngagementIssueDto.from(await this.engagements.close(partnershipId, id, body.reason, expectedVersion));
  }

  @Post(':issueId/answer')
  @Endpoint({
    allow: ANSWER_PUBLISH,
    summary: 'Answer an issue for the public ("you said, we did"), and publish or withdraw the answer',
    description:
      'By an analyst or chair, as a person (API keys are refused: publishing is a deliberate act); audited. publish: true puts it in GET /api/v1/public/partnerships/{code}/you-said-we-did (emits you_said_we_did.published the first time); false keeps it out.',
    changes: ISSUE,
    ok: EngagementIssueDto,
    refuses: [CommonErrors.preconditionFailed, PartnershipErrors.agencyNotInPartnership],
  })
  async answer(@ChangingIssue() { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: AnswerIssueDto) {
    return EngagementIssueDto.from(await this.engagements.answer(partnershipId, id, body, expectedVersion));
  }
}
