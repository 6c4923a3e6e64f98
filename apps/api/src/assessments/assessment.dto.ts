import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  ASSESSMENT_LIMITS,
  ASSESSMENT_STATUSES,
  PESTELO_HEADINGS,
  REVIEW_DUE_SOON_DAYS,
  REVIEW_STATES,
  RISK_SCALE_MAX,
  RISK_SCALE_MIN,
  type AppliedPriorityChanges,
  type AssessmentPriority,
  type AssessmentReview,
  type AssessmentStatus,
  type AssessmentView,
  type Pestelo,
  type ReviewState,
} from '@app/domain/assessments';
import { IsCalendarDate, IsOptionalNotNull } from '../common/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const TEXT = ASSESSMENT_LIMITS.text;
const ITEM = ASSESSMENT_LIMITS.listItem;
const ITEMS = ASSESSMENT_LIMITS.listItems;
const RISK = { minimum: RISK_SCALE_MIN, maximum: RISK_SCALE_MAX };

// ---- inputs ---------------------------------------------------------------

/** A list of short texts (intelligence requirement, data sources, authors). */
function TextList(description: string, example: string[]): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [String], description: `${description} At most ${ITEMS} entries of 1-${ITEM} characters.`, example })(target, key);
    Transform(trimEach)(target, key);
    IsOptionalNotNull()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(ITEMS)(target, key);
    IsString({ each: true })(target, key);
    MinLength(1, { each: true })(target, key);
    MaxLength(ITEM, { each: true })(target, key);
  };
}

function PesteloHeading(heading: string, example?: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT, description: `The ${heading} horizon: free text; null clears it.`, example })(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(TEXT)(target, key);
  };
}

/** The horizon scan under the seven PESTELO headings. On PATCH only the headings sent change. */
export class PesteloDto implements Partial<Pestelo> {
  @PesteloHeading('political', 'New Police and Crime Plan from April; local elections in May.') political?: string | null;
  @PesteloHeading('economic', 'Cost of living: rising shop theft and debt-related exploitation.') economic?: string | null;
  @PesteloHeading('social') social?: string | null;
  @PesteloHeading('technological', 'Online fraud against older residents.') technological?: string | null;
  @PesteloHeading('environmental') environmental?: string | null;
  @PesteloHeading('legal', 'Serious Violence Duty in force.') legal?: string | null;
  @PesteloHeading('organisational', 'Analyst post vacant until June.') organisational?: string | null;
}

export class CreateStrategicAssessmentDto {
  @ApiProperty({ example: 'Cardiff strategic assessment 2026-27', minLength: 3, maxLength: ASSESSMENT_LIMITS.title })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(ASSESSMENT_LIMITS.title)
  title: string;

  @ApiProperty({ format: 'date', example: '2026-04-01', description: 'First day of the period the assessment covers.' })
  @IsCalendarDate()
  periodStart: string;

  @ApiProperty({ format: 'date', example: '2027-03-31', description: 'Last day of the period; not before periodStart.' })
  @IsCalendarDate()
  periodEnd: string;

  @ApiPropertyOptional({ type: PesteloDto, description: 'The horizon scan, free text per PESTELO heading.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PesteloDto)
  pestelo?: PesteloDto;

  @TextList('The intelligence requirement: the gaps in knowledge to be filled.', ['Where is county-lines supply into the city centre coming from?'])
  intelligenceRequirement?: string[];

  @TextList('The data sources and partners that contributed.', ['South Wales Police recorded crime', 'Cardiff Council ASB team'])
  dataSources?: string[];

  @TextList('Who wrote it.', ['CSP analyst team'])
  authors?: string[];
}

/** A change to a draft: only the fields sent change. */
export class UpdateStrategicAssessmentDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: ASSESSMENT_LIMITS.title })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(ASSESSMENT_LIMITS.title)
  title?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  periodStart?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  periodEnd?: string;

  @ApiPropertyOptional({ type: PesteloDto, description: 'Only the headings sent change; a heading set to null is cleared.' })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => PesteloDto)
  pestelo?: PesteloDto;

  @TextList('Replaces the intelligence requirement.', ['Where is county-lines supply into the city centre coming from?'])
  intelligenceRequirement?: string[];

  @TextList('Replaces the data sources.', ['South Wales Police recorded crime'])
  dataSources?: string[];

  @TextList('Replaces the authors.', ['CSP analyst team'])
  authors?: string[];
}

export class AssessmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ASSESSMENT_STATUSES })
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: AssessmentStatus;
}

function Score(what: 'impact' | 'likelihood', optional: boolean): PropertyDecorator {
  return (target, key) => {
    const doc = { ...RISK, type: Number, description: `${what === 'impact' ? 'Impact (harm)' : 'Likelihood'} on the 1-4 grid; riskScore = impact x likelihood.` };
    (optional ? ApiPropertyOptional(doc) : ApiProperty(doc))(target, key);
    if (optional) IsOptionalNotNull()(target, key);
    IsInt()(target, key);
    Min(RISK_SCALE_MIN)(target, key);
    Max(RISK_SCALE_MAX)(target, key);
  };
}

export class CreatePriorityDto {
  @ApiProperty({ example: 'Violence in the night-time economy', minLength: 3, maxLength: ASSESSMENT_LIMITS.title })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(ASSESSMENT_LIMITS.title)
  title: string;

  @ApiProperty({ example: 'violence', minLength: 1, maxLength: 100, description: 'A short category, e.g. violence, asb, acquisitive, exploitation.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  category: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT, description: 'Why it is a priority.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  rationale?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT, description: 'The evidence for it.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  evidence?: string | null;

  @TextList('The data sources behind the evidence.', ['Police recorded violence with injury, city centre beats'])
  dataSources?: string[];

  @Score('impact', false) impact: number;
  @Score('likelihood', false) likelihood: number;
}

export class UpdatePriorityDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: ASSESSMENT_LIMITS.title })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(ASSESSMENT_LIMITS.title)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  category?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  rationale?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  evidence?: string | null;

  @TextList('Replaces the data sources.', ['Police recorded violence with injury'])
  dataSources?: string[];

  @Score('impact', true) impact?: number;
  @Score('likelihood', true) likelihood?: number;
}

export class AddPriorityChangeDto extends CreatePriorityDto {
  @ApiPropertyOptional({ minimum: 1, maximum: ASSESSMENT_LIMITS.priorities, description: 'Fix the new priority at this rank (otherwise ranked by rule).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(ASSESSMENT_LIMITS.priorities)
  rank?: number;
}

export class RemovePriorityChangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  priorityId: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: ITEM, example: 'Sustained reduction over two quarters.' })
  @IsOptional()
  @IsString()
  @MaxLength(ITEM)
  reason?: string | null;
}

export class RescorePriorityChangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  priorityId: string;

  @Score('impact', true) impact?: number;
  @Score('likelihood', true) likelihood?: number;
}

export class RerankPriorityChangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  priorityId: string;

  @ApiProperty({ type: Number, nullable: true, minimum: 1, maximum: ASSESSMENT_LIMITS.priorities, description: 'The rank to fix it at; null returns it to ranking by rule.' })
  @ValidateIf((_o, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(ASSESSMENT_LIMITS.priorities)
  rank: number | null;
}

function ChangeList<T>(type: new () => T, description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [type], description })(target, key);
    IsOptionalNotNull()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(ASSESSMENT_LIMITS.priorities)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => type)(target, key);
  };
}

/**
 * What a review changes in the priorities. Applied in the order remove,
 * rescore, add, then rerank; ranks are then recomputed (riskScore desc, impact
 * desc, creation order, with ranks fixed by hand kept).
 */
export class PriorityChangeSetDto {
  @ChangeList(AddPriorityChangeDto, 'New priorities.') add?: AddPriorityChangeDto[];
  @ChangeList(RemovePriorityChangeDto, 'Priorities to remove (kept in history, marked removed).') remove?: RemovePriorityChangeDto[];
  @ChangeList(RescorePriorityChangeDto, 'New impact and/or likelihood.') rescore?: RescorePriorityChangeDto[];
  @ChangeList(RerankPriorityChangeDto, 'Ranks fixed by hand (kept through later re-scores), or released with null.') rerank?: RerankPriorityChangeDto[];
}

export class CreateReviewDto {
  @ApiProperty({ minLength: 3, maxLength: TEXT, example: 'Quarterly review: violence down 12%; exploitation rises to first.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  summary: string;

  @ApiPropertyOptional({ type: PriorityChangeSetDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PriorityChangeSetDto)
  priorityChanges?: PriorityChangeSetDto;
}

// ---- outputs --------------------------------------------------------------

export class PesteloViewDto implements Pestelo {
  @ApiProperty({ type: String, nullable: true }) political: string | null;
  @ApiProperty({ type: String, nullable: true }) economic: string | null;
  @ApiProperty({ type: String, nullable: true }) social: string | null;
  @ApiProperty({ type: String, nullable: true }) technological: string | null;
  @ApiProperty({ type: String, nullable: true }) environmental: string | null;
  @ApiProperty({ type: String, nullable: true }) legal: string | null;
  @ApiProperty({ type: String, nullable: true }) organisational: string | null;
}

export class AssessmentPriorityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  @ApiProperty() title: string;
  @ApiProperty() category: string;
  @ApiProperty({ type: String, nullable: true }) rationale: string | null;
  @ApiProperty({ type: String, nullable: true }) evidence: string | null;
  @ApiProperty({ type: [String] }) dataSources: string[];
  @ApiProperty(RISK) impact: number;
  @ApiProperty(RISK) likelihood: number;
  @ApiProperty({ minimum: 1, maximum: 16, description: 'impact x likelihood (computed).' }) riskScore: number;
  @ApiProperty({
    minimum: 1,
    description:
      'Computed: 1 is the top priority. Ordered by riskScore (highest first), then impact (highest first), then the order priorities were added; a rank fixed by hand in a review is kept (rankPinned).',
  })
  rank: number;
  @ApiProperty({ description: 'Whether a review fixed this rank by hand.' }) rankPinned: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(p: AssessmentPriority): AssessmentPriorityDto {
    return {
      id: p.id,
      strategicAssessmentId: p.strategicAssessmentId,
      title: p.title,
      category: p.category,
      rationale: p.rationale,
      evidence: p.evidence,
      dataSources: p.dataSources,
      impact: p.impact,
      likelihood: p.likelihood,
      riskScore: p.riskScore,
      rank: p.rank!,
      rankPinned: p.pinnedRank !== null,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class StrategicAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES, description: 'draft (editable), approved (the partnership\'s one current assessment), superseded.' })
  status: AssessmentStatus;
  @ApiProperty({ type: PesteloViewDto }) pestelo: PesteloViewDto;
  @ApiProperty({ type: [String] }) intelligenceRequirement: string[];
  @ApiProperty({ type: [String] }) dataSources: string[];
  @ApiProperty({ type: [String] }) authors: string[];
  @ApiProperty({ type: [AssessmentPriorityDto], description: 'The current priorities, by rank.' }) priorities: AssessmentPriorityDto[];
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) approvedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The user who approved it.' }) approvedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastReviewedAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The user who recorded the last review.' }) lastReviewedBy: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description:
      'Approved assessments only: the later of the approval date and the last review date (Europe/London) plus the partnership\'s reviewIntervalMonths, in calendar months (clamped to the month end: 30 November + 3 months is 28 February, 29 in a leap year). Moves when a review is recorded or the interval changes.',
  })
  nextReviewDue: string | null;
  @ApiProperty({
    enum: REVIEW_STATES,
    nullable: true,
    description: `Approved assessments only (null otherwise), on today's Europe/London date: not_due; due_soon from ${REVIEW_DUE_SOON_DAYS} days before nextReviewDue up to and including it; overdue from the day after.`,
  })
  reviewState: ReviewState | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) supersededAt: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The assessment whose approval superseded this one.' }) supersededById: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(view: AssessmentView): StrategicAssessmentDto {
    const a = view.assessment;
    return {
      id: a.id,
      partnershipId: a.partnershipId,
      title: a.title,
      periodStart: a.periodStart,
      periodEnd: a.periodEnd,
      status: a.status,
      pestelo: Object.fromEntries(PESTELO_HEADINGS.map((h) => [h, a.pestelo[h] ?? null])) as Pestelo,
      intelligenceRequirement: a.intelligenceRequirement,
      dataSources: a.dataSources,
      authors: a.authors,
      priorities: view.priorities.map(AssessmentPriorityDto.from),
      approvedAt: iso(a.approvedAt),
      approvedBy: a.approvedBy,
      lastReviewedAt: iso(a.lastReviewedAt),
      lastReviewedBy: a.lastReviewedBy,
      nextReviewDue: a.nextReviewDue,
      reviewState: view.reviewState,
      supersededAt: iso(a.supersededAt),
      supersededById: a.supersededById,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class StrategicAssessmentPageDto {
  @ApiProperty({ type: [StrategicAssessmentDto] }) items: StrategicAssessmentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

class ScoreDto {
  @ApiProperty(RISK) impact: number;
  @ApiProperty(RISK) likelihood: number;
  @ApiProperty({ minimum: 1, maximum: 16 }) riskScore: number;
}

class AddedPriorityDto extends ScoreDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  @ApiProperty() title: string;
  @ApiProperty({ minimum: 1 }) rank: number;
}

class RemovedPriorityDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  @ApiProperty() title: string;
  @ApiProperty({ minimum: 1, description: 'Its rank when removed.' }) rank: number;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

class RescoredPriorityDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: ScoreDto }) before: ScoreDto;
  @ApiProperty({ type: ScoreDto }) after: ScoreDto;
}

class RerankedPriorityDto {
  @ApiProperty({ format: 'uuid' }) priorityId: string;
  @ApiProperty() title: string;
  @ApiProperty({ minimum: 1 }) from: number;
  @ApiProperty({ minimum: 1 }) to: number;
  @ApiProperty({ description: 'This review fixed the rank by hand.' }) pinned: boolean;
}

export class AppliedPriorityChangesDto implements AppliedPriorityChanges {
  @ApiProperty({ type: [AddedPriorityDto] }) added: AddedPriorityDto[];
  @ApiProperty({ type: [RemovedPriorityDto] }) removed: RemovedPriorityDto[];
  @ApiProperty({ type: [RescoredPriorityDto] }) rescored: RescoredPriorityDto[];
  @ApiProperty({ type: [RerankedPriorityDto], description: 'Every remaining priority whose rank moved (as a result of any change), and those fixed by hand.' })
  reranked: RerankedPriorityDto[];
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
  @ApiProperty({ format: 'uuid', description: 'The user who recorded the review.' }) reviewedBy: string;
  @ApiProperty({ format: 'date', description: 'The due date before this review.' }) previousReviewDue: string;
  @ApiProperty({ format: 'date', description: 'The due date this review set.' }) nextReviewDue: string;
  @ApiProperty({ description: 'Recorded after the previous due date had passed.' }) wasOverdue: boolean;
  @ApiProperty({ type: AppliedPriorityChangesDto }) priorityChanges: AppliedPriorityChangesDto;

  static from(r: AssessmentReview): ReviewDto {
    return {
      id: r.id,
      strategicAssessmentId: r.strategicAssessmentId,
      summary: r.summary,
      reviewedAt: r.reviewedAt.toISOString(),
      reviewedBy: r.reviewedBy,
      previousReviewDue: r.previousReviewDue,
      nextReviewDue: r.nextReviewDue,
      wasOverdue: r.wasOverdue,
      priorityChanges: r.priorityChanges,
    };
  }
}

export class RecordedReviewDto extends ReviewDto {
  @ApiProperty({ type: StrategicAssessmentDto, description: 'The assessment after the review.' }) assessment: StrategicAssessmentDto;
}

export class ReviewPageDto {
  @ApiProperty({ type: [ReviewDto] }) items: ReviewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
