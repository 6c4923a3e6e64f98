import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { AssessmentErrors } from '@app/domain/assessments';
import { CommunityErrors, EngagementsService } from '@app/domain/community';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { ApiIfMatch } from '../common/etag';
import { IdParam, IfMatch, PartnershipId } from '../common/edge';
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
const IssueId = () => IdParam('issueId', 'engagement issue');

@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/engagements')
export class EngagementsController {
  constructor(private readonly engagements: EngagementsService) {}

  @Get()
  @Allow(ENGAGEMENTS_READ)
  @ApiOperation({ summary: 'List engagements, latest first', description: 'Filters combine (AND).' })
  @ApiOkResponse({ type: EngagementPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: EngagementQueryDto): Promise<EngagementPageDto> {
    const page = await this.engagements.list(partnershipId, { ...query, areaCode: query.area });
    return { items: page.items.map(EngagementDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow(ENGAGEMENTS_RECORD)
  @HttpCode(201)
  @ApiOperation({ summary: 'Record an engagement with the community (analysts, chairs)', description: 'Emits engagement.recorded.' })
  @ApiCreatedResponse({ type: EngagementDetailDto })
  @Refuses(CommunityErrors.dateInFuture, PartnershipErrors.agencyNotInPartnership)
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateEngagementDto): Promise<EngagementDetailDto> {
    return EngagementDetailDto.fromDetail(await this.engagements.create(partnershipId, body));
  }

  @Get(':engagementId')
  @Allow(ENGAGEMENTS_READ)
  @ApiOperation({ summary: 'Get an engagement with the issues raised at it' })
  @ApiParam(ENGAGEMENT_PARAM)
  @ApiOkResponse({ type: EngagementDetailDto })
  @ApiNotFoundResponse({ description: 'No such engagement in this partnership.' })
  async get(@PartnershipId() partnershipId: string, @IdParam('engagementId') id: string): Promise<EngagementDetailDto> {
    return EngagementDetailDto.fromDetail(await this.engagements.read(partnershipId, id));
  }

  @Patch(':engagementId')
  @Allow(ENGAGEMENTS_RECORD)
  @ApiOperation({ summary: 'Change an engagement (only the fields sent)' })
  @ApiParam(ENGAGEMENT_PARAM)
  @ApiIfMatch('engagement')
  @ApiOkResponse({ type: EngagementDetailDto })
  @Refuses(CommonErrors.preconditionFailed, CommunityErrors.dateInFuture, PartnershipErrors.agencyNotInPartnership)
  async update(
    @PartnershipId() partnershipId: string,
    @IdParam('engagementId') id: string,
    @IfMatch('engagementId') expectedVersion: number | undefined,
    @Body() body: UpdateEngagementDto,
  ): Promise<EngagementDetailDto> {
    return EngagementDetailDto.fromDetail(await this.engagements.update(partnershipId, id, body, expectedVersion));
  }

  @Post(':engagementId/issues')
  @Allow(ENGAGEMENTS_RECORD)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record an issue raised at the engagement',
    description: 'What was said stays in the partnership; the public sees only the category, the area and the published answer.',
  })
  @ApiParam(ENGAGEMENT_PARAM)
  @ApiCreatedResponse({ type: EngagementIssueDto })
  @ApiNotFoundResponse({ description: 'No such engagement in this partnership.' })
  @Refuses(ProblemErrors.unknownCategory, CommunityErrors.noApprovedAssessment, AssessmentErrors.unknownAssessment, CommunityErrors.unknownRequirement)
  async addIssue(
    @PartnershipId() partnershipId: string,
    @IdParam('engagementId') id: string,
    @Body() body: CreateEngagementIssueDto,
  ): Promise<EngagementIssueDto> {
    return EngagementIssueDto.from(await this.engagements.addIssue(partnershipId, id, body));
  }
}

@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/engagement-issues')
export class EngagementIssuesController {
  constructor(private readonly engagements: EngagementsService) {}

  @Get()
  @Allow(ENGAGEMENTS_READ)
  @ApiOperation({ summary: 'List the issues raised, newest first', description: 'Filters combine (AND).' })
  @ApiOkResponse({ type: EngagementIssuePageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: EngagementIssueQueryDto): Promise<EngagementIssuePageDto> {
    const page = await this.engagements.listIssues(partnershipId, { ...query, areaCode: query.area });
    return { items: page.items.map(EngagementIssueDto.from), nextCursor: page.nextCursor };
  }

  @Get(':issueId')
  @Allow(ENGAGEMENTS_READ)
  @ApiOperation({ summary: 'Get an issue raised' })
  @ApiParam(ISSUE_PARAM)
  @ApiOkResponse({ type: EngagementIssueDto })
  @ApiNotFoundResponse({ description: 'No such issue in this partnership.' })
  async get(@PartnershipId() partnershipId: string, @IssueId() id: string): Promise<EngagementIssueDto> {
    return EngagementIssueDto.from(await this.engagements.readIssue(partnershipId, id));
  }

  @Post(':issueId/nominate')
  @Allow(ENGAGEMENTS_RECORD)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Nominate an open issue for tasking',
    description:
      "Makes an intake nomination of kind engagement_issue (nomination.created; listed in the tactical agenda's new nominations); the issue becomes nominated. When the chair accepts the nomination in a meeting, a problem at scanning opens with source community_engagement and the issue gets its problemId; merged, the problem it joined; declined, the issue is closed with the reason. Once nominated, a second nomination is refused (409).",
  })
  @ApiParam(ISSUE_PARAM)
  @ApiIfMatch('issue')
  @ApiOkResponse({ type: EngagementIssueDto })
  @Refuses(CommunityErrors.engagementIssueNotOpen, CommonErrors.preconditionFailed)
  async nominate(
    @PartnershipId() partnershipId: string,
    @IssueId() id: string,
    @IfMatch('issueId') expectedVersion: number | undefined,
    @Body() body: NominateIssueDto,
  ) {
    return EngagementIssueDto.from(await this.engagements.nominate(partnershipId, id, body, expectedVersion));
  }

  @Post(':issueId/link')
  @Allow(ENGAGEMENTS_RECORD)
  @HttpCode(200)
  @ApiOperation({ summary: 'Link an open issue to work under way: a problem and/or a control strategy priority' })
  @ApiParam(ISSUE_PARAM)
  @ApiIfMatch('issue')
  @ApiOkResponse({ type: EngagementIssueDto })
  @Refuses(
    CommunityErrors.engagementIssueNotOpen,
    CommonErrors.preconditionFailed,
    CommunityErrors.linkTargetRequired,
    ProblemErrors.unknownProblem,
    StrategyErrors.priorityNotCurrent,
  )
  async link(
    @PartnershipId() partnershipId: string,
    @IssueId() id: string,
    @IfMatch('issueId') expectedVersion: number | undefined,
    @Body() body: LinkIssueDto,
  ) {
    return EngagementIssueDto.from(await this.engagements.link(partnershipId, id, body, expectedVersion));
  }

  @Post(':issueId/close')
  @Allow(ENGAGEMENTS_RECORD)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an open issue with a reason' })
  @ApiParam(ISSUE_PARAM)
  @ApiIfMatch('issue')
  @ApiOkResponse({ type: EngagementIssueDto })
  @Refuses(CommunityErrors.engagementIssueNotOpen, CommonErrors.preconditionFailed)
  async close(
    @PartnershipId() partnershipId: string,
    @IssueId() id: string,
    @IfMatch('issueId') expectedVersion: number | undefined,
    @Body() body: CloseIssueDto,
  ) {
    return EngagementIssueDto.from(await this.engagements.close(partnershipId, id, body.reason, expectedVersion));
  }

  @Post(':issueId/answer')
  @Allow(ANSWER_PUBLISH)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Answer an issue for the public ("you said, we did"), and publish or withdraw the answer',
    description:
      'By an analyst or chair, as a person (API keys are refused: publishing is a deliberate act); audited. publish: true puts it in GET /api/v1/public/partnerships/{code}/you-said-we-did (emits you_said_we_did.published the first time); false keeps it out.',
  })
  @ApiParam(ISSUE_PARAM)
  @ApiIfMatch('issue')
  @ApiOkResponse({ type: EngagementIssueDto })
  @Refuses(CommonErrors.preconditionFailed, PartnershipErrors.agencyNotInPartnership)
  async answer(
    @PartnershipId() partnershipId: string,
    @IssueId() id: string,
    @IfMatch('issueId') expectedVersion: number | undefined,
    @Body() body: AnswerIssueDto,
  ) {
    return EngagementIssueDto.from(await this.engagements.answer(partnershipId, id, body, expectedVersion));
  }
}
