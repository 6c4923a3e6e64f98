import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsObject, IsOptional, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ASSESSMENT_LIMITS, type AppliedPriorityChanges, type AssessmentReview } from '@app/domain/assessments';
import { ChangeList, ITEM, Score, TEXT } from './assessment-dto.common';
import { AddedPriorityDto, CreatePriorityDto, RemovedPriorityDto, RerankedPriorityDto, RescoredPriorityDto } from './assessment-priorities.dto';
import { StrategicAssessmentDto } from './assessment-record.dto';
import { OptionalString, TrimmedText } from '../common/validators';
import { fieldsOf } from '../common/fields-of';
import { PageDto } from '../common/page';

export class AddPriorityChangeDto extends CreatePriorityDto {
  /** Fix the new priority at this rank (otherwise ranked by rule). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(ASSESSMENT_LIMITS.priorities)
  rank?: number;
}

export class RemovePriorityChangeDto {
  @IsUUID()
  priorityId: string;

  @OptionalString(ITEM, 'Sustained reduction over two quarters.') reason?: string | null;
}

export class RescorePriorityChangeDto {
  @IsUUID()
  priorityId: string;

  @Score('impact', true) impact?: number;
  @Score('likelihood', true) likelihood?: number;
}

export class RerankPriorityChangeDto {
  @IsUUID()
  priorityId: string;

  /** The rank to fix it at; null returns it to ranking by rule. */
  @ValidateIf((_o, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(ASSESSMENT_LIMITS.priorities)
  rank: number | null;
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
  @TrimmedText(3, TEXT, 'Quarterly review: violence down 12%; exploitation rises to first.') summary: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PriorityChangeSetDto)
  priorityChanges?: PriorityChangeSetDto;
}

export class AppliedPriorityChangesDto implements AppliedPriorityChanges {
  added: AddedPriorityDto[];
  removed: RemovedPriorityDto[];
  rescored: RescoredPriorityDto[];
  /** Every remaining priority whose rank moved (as a result of any change), and those fixed by hand. */
  reranked: RerankedPriorityDto[];
}

export class ReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  summary: string;
  @ApiProperty({ format: 'date-time' }) reviewedAt: string;
  /** The user who recorded the review. */
  @ApiProperty({ format: 'uuid' }) reviewedBy: string;
  /** The due date before this review. */
  @ApiProperty({ format: 'date' }) previousReviewDue: string;
  /** The due date this review set. */
  @ApiProperty({ format: 'date' }) nextReviewDue: string;
  /** Recorded after the previous due date had passed. */
  wasOverdue: boolean;
  priorityChanges: AppliedPriorityChangesDto;

  static from(r: AssessmentReview): ReviewDto {
    return {
      ...fieldsOf(r, 'id', 'strategicAssessmentId', 'summary', 'reviewedAt', 'reviewedBy'),
      ...fieldsOf(r, 'previousReviewDue', 'nextReviewDue', 'wasOverdue', 'priorityChanges'),
    };
  }
}

export class RecordedReviewDto extends ReviewDto {
  /** The assessment after the review. */
  assessment: StrategicAssessmentDto;
}

export class ReviewPageDto extends PageDto(ReviewDto) {}
