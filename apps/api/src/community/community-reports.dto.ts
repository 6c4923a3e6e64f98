import { ApiProperty } from '@nestjs/swagger';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from '@app/domain/assessments';
import {
  ENGAGEMENT_ISSUE_STATUSES,
  ENGAGEMENT_KINDS,
  INTELLIGENCE_ASSESSMENTS,
  SOURCE_EVALUATIONS,
  SOURCE_KINDS,
  type EngagementIssueStatus,
  type EngagementKind,
  type IntelligenceAssessment,
  type SourceEvaluation,
} from '@app/domain/community';
import { OptionalDate } from '../common/validators';
import { OptionalAreaCode } from './community-dto.common';
import { IntelligenceSummaryDto } from './intelligence.dto';

// ---- the intelligence requirement ---------------------------------------------

export class RequirementIssueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) raisedOn: string;
  category: string;
  areaCode: string;
  @ApiProperty({ enum: ENGAGEMENT_ISSUE_STATUSES }) status: EngagementIssueStatus;
}

export class RequirementAnswerDto {
  /** The position of the requirement item (0-based): what requirementIndex names. */
  index: number;
  requirement: string;
  /** Intelligence received against it in the period (summaries; ids only where you may read the item). */
  intelligence: IntelligenceSummaryDto[];
  /** Issues raised against it in the period. */
  engagementIssues: RequirementIssueDto[];
  /** How many were received (all counted; at most 100 of each kind listed). */
  received: number;
  /** Nothing received in the period. */
  gap: boolean;
}

export class PeriodDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
}

export class IntelligenceRequirementDto {
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: AssessmentStatus;
  /** The review period: from the approval or last review (a draft: the start of its period) to today. */
  period: PeriodDto;
  items: RequirementAnswerDto[];
  /** Requirement items with nothing received. */
  gaps: number;
}

// ---- figures ----------------------------------------------------------------

export class CommunityFiguresQueryDto {
  /** Default: twelve months before `to`. */
  @OptionalDate()
  from?: string;

  /** Default: today (Europe/London). */
  @OptionalDate()
  to?: string;
}

export class CommunityFigureDto {
  @ApiProperty({ example: 'issues_answered_share' }) key: string;
  @ApiProperty({ enum: ['engaged_communities', 'visible_accountability'] }) hallmark: 'engaged_communities' | 'visible_accountability';
  /** Null when there is nothing to divide by. */
  value: number | null;
  numerator?: number;
  denominator?: number;
  definition: string;
  /** False when the figure rests on fewer than 5 records. */
  sufficientData: boolean;
}

export class AreaQuarterDto {
  areaCode: string;
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  engagements: number;
  attendance: number;
  responses: number;
}

export class GradeCountDto {
  @ApiProperty({ example: '1-A' }) grade: string;
  @ApiProperty({ enum: SOURCE_EVALUATIONS }) sourceEvaluation: SourceEvaluation;
  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS }) intelligenceAssessment: IntelligenceAssessment;
  count: number;
}

export class SourceKindCountDto {
  /** none: no source recorded. */
  @ApiProperty({ enum: [...SOURCE_KINDS, 'none'] }) sourceKind: string;
  count: number;
}

export class CommunityFiguresDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  figures: CommunityFigureDto[];
  /** An engagement over several areas counts in each. */
  engagementsByAreaAndQuarter: AreaQuarterDto[];
  /** Only the items you may read. */
  intelligenceByGrade: GradeCountDto[];
  /** Only the items you may read. */
  intelligenceBySourceKind: SourceKindCountDto[];
}

// ---- the public feed ------------------------------------------------------------

export class YouSaidWeDidQueryDto {
  /** Only this area. */
  @OptionalAreaCode()
  area?: string;

  /** Issues raised on or after. */
  @OptionalDate()
  from?: string;

  /** Issues raised on or before. */
  @OptionalDate()
  to?: string;
}

export class BilingualDto {
  en: string;
  /** Welsh; null where none was given. */
  cy: string | null;
}

export class YouSaidDto {
  @ApiProperty({ example: 'anti-social-behaviour' }) category: string;
  categoryName: BilingualDto;
  /** How many people raised it; null for 1 to 4 (small counts are suppressed outside the partnership). */
  raisedBy: number | null;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) engagementKind: EngagementKind;
  engagementKindName: BilingualDto;
}

export class YouSaidWeDidEntryDto {
  youSaid: YouSaidDto;
  /** The answer written for the public. */
  weDid: BilingualDto;
  /** The agency that acted. */
  agency: string;
  @ApiProperty({ format: 'date' }) answeredOn: string;
}

export class YouSaidWeDidMonthDto {
  /** The month the issue was raised. */
  @ApiProperty({ example: '2026-01' }) month: string;
  entries: YouSaidWeDidEntryDto[];
}

export class YouSaidWeDidAreaDto {
  areaCode: string;
  /** Latest month first. */
  months: YouSaidWeDidMonthDto[];
}

export class PublicPartnershipDto {
  code: string;
  name: string;
}

export class YouSaidWeDidFiltersDto {
  area: string | null;
  from: string | null;
  to: string | null;
}

export class YouSaidWeDidDto {
  partnership: PublicPartnershipDto;
  filters: YouSaidWeDidFiltersDto;
  areas: YouSaidWeDidAreaDto[];
  /** More answers were published than the feed holds (500): narrow the dates. */
  truncated: boolean;
}
