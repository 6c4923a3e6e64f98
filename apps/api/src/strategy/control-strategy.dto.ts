import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { ASSESSMENT_STATUSES, REVIEW_STATES, type AssessmentStatus, type ReviewState } from '@app/domain/assessments';
import {
  CONTROL_STRATEGY_LIMITS,
  CONTROL_STRATEGY_STATUSES,
  type ControlStrategyPriority,
  type ControlStrategyStatus,
  type ControlStrategyView,
  type StrandPlans,
} from '@app/domain/strategy';
import { IsStrandPlans, OptionalString, OptionalUuid } from '../common/validators';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

const STRAND_LIMITS = { maxStrands: 12, maxItems: CONTROL_STRATEGY_LIMITS.listItems, maxItemLength: CONTROL_STRATEGY_LIMITS.listItem };

/** The plan of one strand for one priority. */
export class StrandPlanDto {
  @ApiProperty({ maxItems: CONTROL_STRATEGY_LIMITS.listItems, example: ['Map supply routes into the city centre'] }) objectives: string[];
  @ApiProperty({ maxItems: CONTROL_STRATEGY_LIMITS.listItems, example: ['Intelligence submissions per month'] }) measures: string[];
}

const STRANDS_SCHEMA = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(StrandPlanDto) },
  minProperties: 1,
  description:
    "The plan per strand, keyed by strand: each key must be one of the partnership's controlStrategyStrands (default intelligence, prevention, enforcement, reassurance; 422 unknown-strand otherwise), each value `{ objectives: [], measures: [] }`.",
  example: {
    intelligence: { objectives: ['Map supply routes into the city centre'], measures: ['Intelligence submissions per month'] },
    enforcement: { objectives: ['Disrupt two lines a quarter'], measures: ['Lines closed'] },
  },
} as const;

@ApiExtraModels(StrandPlanDto)
export class CreateControlStrategyPriorityDto {
  /** Continue an earlier version's priority under its id (links from problems and actions follow it). Without it, the id the latest earlier version gave the same assessment priority is kept, else a new one is made. */
  @OptionalUuid() id?: string;

  /** A current priority of the strategy's assessment (422 priority-not-in-assessment otherwise). */
  @IsUUID()
  assessmentPriorityId: string;

  /** One of the partnership's agencies (422 agency-not-in-partnership otherwise). */
  @IsUUID()
  leadAgencyId: string;

  @ApiProperty(STRANDS_SCHEMA)
  @IsStrandPlans(STRAND_LIMITS)
  strands: StrandPlans;
}

export class CreateControlStrategyDto {
  /** The partnership's approved assessment (422 unknown-assessment or assessment-not-approved otherwise). */
  @IsUUID()
  strategicAssessmentId: string;

  /** What this version is for or changes. */
  @OptionalString(CONTROL_STRATEGY_LIMITS.notes) notes?: string | null;

  /** The priorities acted on, in order. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CONTROL_STRATEGY_LIMITS.priorities)
  @ValidateNested({ each: true })
  @Type(() => CreateControlStrategyPriorityDto)
  priorities: CreateControlStrategyPriorityDto[];
}

export class ControlStrategyQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(CONTROL_STRATEGY_STATUSES)
  status?: ControlStrategyStatus;
}

@ApiExtraModels(StrandPlanDto)
export class ControlStrategyPriorityDto {
  /** The priority's stable id: what problems and actions link to (controlStrategyPriorityId); kept by later versions acting on the same priority. */
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' }) controlStrategyId: string;
  @ApiProperty({ format: 'uuid' }) assessmentPriorityId: string;
  /** The assessment priority's title when this version was drafted. */
  title: string;
  category: string;
  @ApiProperty({ format: 'uuid' }) leadAgencyId: string;
  /** Order within the version. */
  @ApiProperty({ minimum: 1 }) position: number;
  @ApiProperty(STRANDS_SCHEMA) strands: StrandPlans;

  static from(p: ControlStrategyPriority): ControlStrategyPriorityDto {
    return fieldsOf(p, 'id', 'controlStrategyId', 'assessmentPriorityId', 'title', 'category', 'leadAgencyId', 'position', 'strands');
  }
}

export class ControlStrategyDto extends VersionedRecordDto {
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  /** Numbered 1, 2, 3... per partnership. */
  @ApiProperty({ minimum: 1 }) versionNumber: number;
  /** draft; current (the published one: at most one per partnership); superseded. */
  @ApiProperty({ enum: CONTROL_STRATEGY_STATUSES })
  status: ControlStrategyStatus;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  notes: string | null;
  priorities: ControlStrategyPriorityDto[];
  /** True when the assessment it is built on is overdue for review or has been superseded: the strategy rests on a stale assessment. */
  staleAssessment: boolean;
  /** The status of its assessment today. */
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) assessmentStatus: AssessmentStatus;
  /** The review state of its assessment today (null unless approved). */
  @ApiProperty({ enum: REVIEW_STATES })
  assessmentReviewState: ReviewState | null;
  /** When its assessment's next review is due (null unless approved). */
  @ApiProperty({ format: 'date' })
  assessmentNextReviewDue: string | null;
  @ApiProperty({ format: 'date-time' }) publishedAt: string | null;
  /** The user who published it. */
  @ApiProperty({ format: 'uuid' }) publishedBy: string | null;
  @ApiProperty({ format: 'date-time' }) supersededAt: string | null;
  /** The version whose publication superseded this one. */
  @ApiProperty({ format: 'uuid' }) supersededById: string | null;

  static from(view: ControlStrategyView): ControlStrategyDto {
    const s = view.strategy;
    return {
      ...fieldsOf(s, 'id', 'partnershipId', 'versionNumber', 'status', 'strategicAssessmentId', 'notes'),
      priorities: view.priorities.map(ControlStrategyPriorityDto.from),
      staleAssessment: view.assessment.stale,
      assessmentStatus: view.assessment.status,
      assessmentReviewState: view.assessment.reviewState,
      assessmentNextReviewDue: view.assessment.nextReviewDue,
      ...fieldsOf(s, 'publishedAt', 'publishedBy', 'supersededAt', 'supersededById'),
      ...versionStamps(s),
    };
  }
}

export class ControlStrategyPageDto extends PageDto(ControlStrategyDto) {}
