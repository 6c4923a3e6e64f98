import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { AssessmentErrors, AssessmentReviewsService, StrategicAssessmentsService } from '@app/domain/assessments';
import { Changing, IdParam, IfMatch, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource, type EndpointOptions } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import {
  AssessmentPriorityDto,
  AssessmentQueryDto,
  CreatePriorityDto,
  CreateReviewDto,
  CreateStrategicAssessmentDto,
  RecordedReviewDto,
  ReviewDto,
  ReviewPageDto,
  StrategicAssessmentDto,
  StrategicAssessmentPageDto,
  UpdatePriorityDto,
  UpdateStrategicAssessmentDto,
} from './assessment.dto';

const ASSESSMENT_PARAM = { name: 'assessmentId', format: 'uuid', description: 'The strategic assessment.' };
const PRIORITY_PARAM = { name: 'priorityId', format: 'uuid', description: 'A priority of the assessment.' };
const ASSESSMENT = resource('assessment', ASSESSMENT_PARAM);
const PRIORITY = resource('priority', ASSESSMENT_PARAM, PRIORITY_PARAM);
const AssessmentId = () => IdParam('assessmentId', 'strategic assessment');
const ChangingAssessment = () => Changing('assessmentId', 'strategic assessment');
const PriorityId = () => IdParam('priorityId');

const READ = { roles: 'any', scopes: ['assessments:read'] } as const;
const DRAFT = { roles: ['analyst'], scopes: ['assessments:write'] } as const;
/** Approval and reviews are recorded against a person: chairs (and admins), never API keys. */
const CHAIR = { roles: ['chair'] } as const;

/** Changes to a draft assessment, or to one of its priorities (analysts). */
const DRAFT_ASSESSMENT = { allow: DRAFT, changes: ASSESSMENT } satisfies Partial<EndpointOptions>;
const DRAFT_PRIORITY = { allow: DRAFT, changes: PRIORITY } satisfies Partial<EndpointOptions>;
/** Approving and reviewing the assessment (chairs). */
const CHAIR_ASSESSMENT = { allow: CHAIR, changes: ASSESSMENT } satisfies Partial<EndpointOptions>;

@ApiTags('strategic assessments')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/strategic-assessments')
export class StrategicAssessmentsController {
  constructor(
    private readonly assessments: StrategicAssessmentsService,
    private readonly reviews: AssessmentReviewsService,
  ) {}

  @Get()
  @Endpoint({ allow: READ, summary: "List the partnership's strategic assessments, newest first", ok: StrategicAssessmentPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: AssessmentQueryDto): Promise<StrategicAssessmentPageDto> {
    return pageOf(await this.assessments.list(partnershipId, query), StrategicAssessmentDto.from);
  }

  @Post()
  @Endpoint({ allow: DRAFT, summary: 'Start a draft assessment (analysts)', created: StrategicAssessmentDto })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateStrategicAssessmentDto): Promise<StrategicAssessmentDto> {
    const view = await this.assessments.create(partnershipId, body);
    return StrategicAssessmentDto.from(view);
  }

  @Get(':assessmentId')
  @Endpoint({
    allow: READ,
    summary: 'Get an assessment with its ranked priorities and where its review cycle stands',
    reads: ASSESSMENT,
    ok: StrategicAssessmentDto,
  })
  async get(@PartnershipId() partnershipId: string, @AssessmentId() id: string): Promise<StrategicAssessmentDto> {
    const view = await this.assessments.get(partnershipId, id);
    return StrategicAssessmentDto.from(view);
  }

  @Patch(':assessmentId')
  @Endpoint({
    ...DRAFT_ASSESSMENT,
    summary: 'Change a draft (analysts)',
    description: 'Only the fields sent change. Drafts only: 409 otherwise.',
    ok: StrategicAssessmentDto,
    refuses: [AssessmentErrors.assessmentNotDraft, CommonErrors.preconditionFailed],
  })
  async update(
    @ChangingAssessment() { partnershipId, id, expectedVersion }: ChangeTarget,
    @Body() body: UpdateStrategicAssessmentDto,
  ): Promise<StrategicAssessmentDto> {
    const view = await this.assessments.update(partnershipId, id, body, expectedVersion);
    return StrategicAssessmentDto.from(view);
  }

  @Post(':assessmentId/priorities')
  @Endpoint({
    ...DRAFT_ASSESSMENT,
    summary: 'Add a priority to a draft (analysts)',
    description: 'riskScore and rank are computed; the ranks of the others may move. At most 50 priorities.',
    created: { type: AssessmentPriorityDto, description: "The priority; its ETag is the priority's." },
    refuses: [AssessmentErrors.assessmentNotDraft, CommonErrors.preconditionFailed, AssessmentErrors.tooManyPriorities],
  })
  async addPriority(
    @ChangingAssessment() { partnershipId, id, expectedVersion }: ChangeTarget,
    @Body() body: CreatePriorityDto,
  ): Promise<AssessmentPriorityDto> {
    const priority = await this.assessments.addPriority(partnershipId, id, body, expectedVersion);
    return AssessmentPriorityDto.from(priority);
  }

  @Get(':assessmentId/priorities/:priorityId')
  @Endpoint({ allow: READ, summary: 'Get one priority (with its ETag)', params: [ASSESSMENT_PARAM, PRIORITY_PARAM], ok: AssessmentPriorityDto })
  async getPriority(@PartnershipId() partnershipId: string, @AssessmentId() id: string, @PriorityId() priorityId: string): Promise<AssessmentPriorityDto> {
    const priority = await this.assessments.getPriority(partnershipId, id, priorityId);
    return AssessmentPriorityDto.from(priority);
  }

  @Patch(':assessmentId/priorities/:priorityId')
  @Endpoint({
    ...DRAFT_PRIORITY,
    summary: 'Change a priority of a draft (analysts)',
    description: 'Only the fields sent change; riskScore and ranks are recomputed.',
    ok: AssessmentPriorityDto,
    refuses: [AssessmentErrors.assessmentNotDraft, CommonErrors.preconditionFailed],
  })
  async updatePriority(
    @PartnershipId() partnershipId: string,
    @AssessmentId() id: string,
    @PriorityId() priorityId: string,
    @IfMatch('priorityId') expectedVersion: number | undefined,
    @Body() body: UpdatePriorityDto,
  ): Promise<AssessmentPriorityDto> {
    const priority = await this.assessments.updatePriority(partnershipId, id, priorityId, body, expectedVersion);
    return AssessmentPriorityDto.from(priority);
  }

  @Delete(':assessmentId/priorities/:priorityId')
  @Endpoint({
    ...DRAFT_PRIORITY,
    summary: 'Delete a priority of a draft (analysts)',
    noContent: 'Deleted; the others are re-ranked.',
    refuses: [AssessmentErrors.assessmentNotDraft, CommonErrors.preconditionFailed],
  })
  async deletePriority(
    @PartnershipId() partnershipId: string,
    @AssessmentId() id: string,
    @PriorityId() priorityId: string,
    @IfMatch('priorityId') expectedVersion: number | undefined,
  ): Promise<void> {
    await this.assessments.deletePriority(partnershipId, id, priorityId, expectedVersion);
  }

  @Post(':assessmentId/approve')
  @Endpoint({
    ...CHAIR_ASSESSMENT,
    summary: 'Approve a draft (chairs)',
    description:
      "Needs at least one priority (422 assessment-has-no-priorities). The partnership's previously approved assessment is superseded in the same transaction (at most one approved per partnership). Starts the review cycle: nextReviewDue = the approval date + reviewIntervalMonths. Writes the strategic_assessment.approved event.",
    ok: StrategicAssessmentDto,
    refuses: [AssessmentErrors.assessmentNotDraft, AssessmentErrors.assessmentHasNoPriorities, CommonErrors.preconditionFailed],
  })
  async approve(@ChangingAssessment() { partnershipId, id, expectedVersion }: ChangeTarget): Promise<StrategicAssessmentDto> {
    const view = await this.assessments.approve(partnershipId, id, expectedVersion);
    return StrategicAssessmentDto.from(view);
  }

  @Post(':assessmentId/reviews')
  @Endpoint({
    ...CHAIR_ASSESSMENT,
    summary: 'Record a review of the approved assessment (chairs)',
    description:
      'Applies the priority changes (remove, rescore, add, rerank, in that order), keeps them as history with who and when, and moves nextReviewDue to the review date + reviewIntervalMonths. Only the approved assessment is reviewed (409 assessment-not-approved). Rules (422): unknown-priority, conflicting-priority-changes, assessment-has-no-priorities, rank-out-of-range, too-many-priorities. Writes the strategic_assessment.reviewed event.',
    created: RecordedReviewDto,
    refuses: [
      AssessmentErrors.assessmentNotApproved,
      AssessmentErrors.unknownPriority,
      AssessmentErrors.conflictingPriorityChanges,
      AssessmentErrors.assessmentHasNoPriorities,
      AssessmentErrors.rankOutOfRange,
      AssessmentErrors.tooManyPriorities,
      CommonErrors.preconditionFailed,
    ],
  })
  async review(@ChangingAssessment() { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: CreateReviewDto): Promise<RecordedReviewDto> {
    const { review, assessment } = await this.reviews.record(partnershipId, id, body, expectedVersion);
    return { ...ReviewDto.from(review), assessment: StrategicAssessmentDto.from(assessment) };
  }

  @Get(':assessmentId/reviews')
  @Endpoint({ allow: READ, summary: "The assessment's review history, newest first", params: [ASSESSMENT_PARAM], ok: ReviewPageDto })
  async listReviews(@PartnershipId() partnershipId: string, @AssessmentId() id: string, @Query() query: PageQueryDto): Promise<ReviewPageDto> {
    return pageOf(await this.reviews.list(partnershipId, id, query), ReviewDto.from);
  }
}
