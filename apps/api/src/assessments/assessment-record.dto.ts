import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  ASSESSMENT_LIMITS,
  ASSESSMENT_STATUSES,
  PESTELO_HEADINGS,
  REVIEW_DUE_SOON_DAYS,
  REVIEW_STATES,
  type AssessmentStatus,
  type AssessmentView,
  type Pestelo,
  type ReviewState,
} from '@app/domain/assessments';
import { IsCalendarDate, IsOptionalNotNull, TrimmedText } from '../common/validators';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { fieldsOf } from '../common/fields-of';
import { PesteloHeading, TextList } from './assessment-dto.common';
import { AssessmentPriorityDto } from './assessment-priorities.dto';
import { PageDto } from '../common/page';

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
  @TrimmedText(3, ASSESSMENT_LIMITS.title, 'Cardiff strategic assessment 2026-27') title: string;

  /** First day of the period the assessment covers. */
  @ApiProperty({ format: 'date', example: '2026-04-01' })
  @IsCalendarDate()
  periodStart: string;

  /** Last day of the period; not before periodStart. */
  @ApiProperty({ format: 'date', example: '2027-03-31' })
  @IsCalendarDate()
  periodEnd: string;

  /** The horizon scan, free text per PESTELO heading. */
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

/** A change to a draft: only the fields sent change, each checked as at creation (null is refused). */
export class UpdateStrategicAssessmentDto extends PartialType(
  OmitType(CreateStrategicAssessmentDto, ['pestelo', 'intelligenceRequirement', 'dataSources', 'authors']),
  {
    skipNullProperties: false,
  },
) {
  /** Only the headings sent change; a heading set to null is cleared. */
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
  @IsOptional()
  @IsIn(ASSESSMENT_STATUSES)
  status?: AssessmentStatus;
}

// ---- outputs --------------------------------------------------------------

export class PesteloViewDto implements Pestelo {
  political: string | null;
  economic: string | null;
  social: string | null;
  technological: string | null;
  environmental: string | null;
  legal: string | null;
  organisational: string | null;
}

export class StrategicAssessmentDto extends VersionedRecordDto {
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  title: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  /** draft (editable), approved (the partnership's one current assessment), superseded. */
  @ApiProperty({ enum: ASSESSMENT_STATUSES })
  status: AssessmentStatus;
  pestelo: PesteloViewDto;
  intelligenceRequirement: string[];
  dataSources: string[];
  authors: string[];
  /** The current priorities, by rank. */
  priorities: AssessmentPriorityDto[];
  @ApiProperty({ format: 'date-time' }) approvedAt: string | null;
  /** The user who approved it. */
  @ApiProperty({ format: 'uuid' }) approvedBy: string | null;
  @ApiProperty({ format: 'date-time' }) lastReviewedAt: string | null;
  /** The user who recorded the last review. */
  @ApiProperty({ format: 'uuid' }) lastReviewedBy: string | null;
  /** Approved assessments only: the later of the approval date and the last review date (Europe/London) plus the partnership's reviewIntervalMonths, in calendar months (clamped to the month end: 30 November + 3 months is 28 February, 29 in a leap year). Moves when a review is recorded or the interval changes. */
  @ApiProperty({ format: 'date' })
  nextReviewDue: string | null;
  @ApiProperty({
    enum: REVIEW_STATES,
    description: `Approved assessments only (null otherwise), on today's Europe/London date: not_due; due_soon from ${REVIEW_DUE_SOON_DAYS} days before nextReviewDue up to and including it; overdue from the day after.`,
  })
  reviewState: ReviewState | null;
  @ApiProperty({ format: 'date-time' }) supersededAt: string | null;
  /** The assessment whose approval superseded this one. */
  @ApiProperty({ format: 'uuid' }) supersededById: string | null;

  static from(view: AssessmentView): StrategicAssessmentDto {
    const a = view.assessment;
    return {
      ...fieldsOf(a, 'id', 'partnershipId', 'title', 'periodStart', 'periodEnd', 'status'),
      pestelo: Object.fromEntries(PESTELO_HEADINGS.map((h) => [h, a.pestelo[h] ?? null])) as Pestelo,
      ...fieldsOf(a, 'intelligenceRequirement', 'dataSources', 'authors'),
      priorities: view.priorities.map(AssessmentPriorityDto.from),
      ...fieldsOf(a, 'approvedAt', 'approvedBy', 'lastReviewedAt', 'lastReviewedBy', 'nextReviewDue'),
      reviewState: view.reviewState,
      ...fieldsOf(a, 'supersededAt', 'supersededById'),
      ...versionStamps(a),
    };
  }
}

export class StrategicAssessmentPageDto extends PageDto(StrategicAssessmentDto) {}
