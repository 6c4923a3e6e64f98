import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ASSESSMENT_STATUSES, type AssessmentStatus } from '@app/domain/assessments';
import { ENGAGEMENT_ISSUE_STATUSES, ENGAGEMENT_KINDS, INTELLIGENCE_ASSESSMENTS, SOURCE_EVALUATIONS, SOURCE_KINDS, type EngagementIssueStatus, type EngagementKind, type IntelligenceAssessment, type SourceEvaluation } from '@app/domain/community';
import { LOCATION_CODE_MAX } from '@app/domain/problems';
import { IsCalendarDate } from '../common/validators';
import { AREA_CODE_EXAMPLE } from './community-dto.common';
import { IntelligenceSummaryDto } from './intelligence.dto';

// ---- the intelligence requirement ---------------------------------------------

export class RequirementIssueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) raisedOn: string;
  @ApiProperty() category: string;
  @ApiProperty() areaCode: string;
  @ApiProperty({ enum: ENGAGEMENT_ISSUE_STATUSES }) status: EngagementIssueStatus;
}

export class RequirementAnswerDto {
  @ApiProperty({ description: 'The position of the requirement item (0-based): what requirementIndex names.' }) index: number;
  @ApiProperty() requirement: string;
  @ApiProperty({ type: [IntelligenceSummaryDto], description: 'Intelligence received against it in the period (summaries; ids only where you may read the item).' }) intelligence: IntelligenceSummaryDto[];
  @ApiProperty({ type: [RequirementIssueDto], description: 'Issues raised against it in the period.' }) engagementIssues: RequirementIssueDto[];
  @ApiProperty({ description: 'How many were received (all counted; at most 100 of each kind listed).' }) received: number;
  @ApiProperty({ description: 'Nothing received in the period.' }) gap: boolean;
}

export class PeriodDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
}

export class IntelligenceRequirementDto {
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: AssessmentStatus;
  @ApiProperty({ type: PeriodDto, description: 'The review period: from the approval or last review (a draft: the start of its period) to today.' }) period: PeriodDto;
  @ApiProperty({ type: [RequirementAnswerDto] }) items: RequirementAnswerDto[];
  @ApiProperty({ description: 'Requirement items with nothing received.' }) gaps: number;
}

// ---- figures ----------------------------------------------------------------

export class CommunityFiguresQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'Default: twelve months before `to`.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today (Europe/London).' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class CommunityFigureDto {
  @ApiProperty({ example: 'issues_answered_share' }) key: string;
  @ApiProperty({ enum: ['engaged_communities', 'visible_accountability'] }) hallmark: 'engaged_communities' | 'visible_accountability';
  @ApiProperty({ type: Number, nullable: true, description: 'Null when there is nothing to divide by.' }) value: number | null;
  @ApiPropertyOptional() numerator?: number;
  @ApiPropertyOptional() denominator?: number;
  @ApiProperty() definition: string;
  @ApiProperty({ description: 'False when the figure rests on fewer than 5 records.' }) sufficientData: boolean;
}

export class AreaQuarterDto {
  @ApiProperty() areaCode: string;
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  @ApiProperty() engagements: number;
  @ApiProperty() attendance: number;
  @ApiProperty() responses: number;
}

export class GradeCountDto {
  @ApiProperty({ example: '1-A' }) grade: string;
  @ApiProperty({ enum: SOURCE_EVALUATIONS }) sourceEvaluation: SourceEvaluation;
  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS }) intelligenceAssessment: IntelligenceAssessment;
  @ApiProperty() count: number;
}

export class SourceKindCountDto {
  @ApiProperty({ enum: [...SOURCE_KINDS, 'none'], description: 'none: no source recorded.' }) sourceKind: string;
  @ApiProperty() count: number;
}

export class CommunityFiguresDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [CommunityFigureDto] }) figures: CommunityFigureDto[];
  @ApiProperty({ type: [AreaQuarterDto], description: 'An engagement over several areas counts in each.' }) engagementsByAreaAndQuarter: AreaQuarterDto[];
  @ApiProperty({ type: [GradeCountDto], description: 'Only the items you may read.' }) intelligenceByGrade: GradeCountDto[];
  @ApiProperty({ type: [SourceKindCountDto], description: 'Only the items you may read.' }) intelligenceBySourceKind: SourceKindCountDto[];
}

// ---- the public feed ------------------------------------------------------------

export class YouSaidWeDidQueryDto {
  @ApiPropertyOptional({ example: AREA_CODE_EXAMPLE, description: 'Only this area.' })
  @IsOptional()
  @IsString()
  @MaxLength(LOCATION_CODE_MAX)
  area?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Issues raised on or after.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Issues raised on or before.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class BilingualDto {
  @ApiProperty() en: string;
  @ApiProperty({ type: String, nullable: true, description: 'Welsh; null where none was given.' }) cy: string | null;
}

export class YouSaidDto {
  @ApiProperty({ example: 'anti-social-behaviour' }) category: string;
  @ApiProperty({ type: BilingualDto }) categoryName: BilingualDto;
  @ApiProperty({ type: Number, nullable: true, description: 'How many people raised it; null for 1 to 4 (small counts are suppressed outside the partnership).' }) raisedBy: number | null;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) engagementKind: EngagementKind;
  @ApiProperty({ type: BilingualDto }) engagementKindName: BilingualDto;
}

export class YouSaidWeDidEntryDto {
  @ApiProperty({ type: YouSaidDto }) youSaid: YouSaidDto;
  @ApiProperty({ type: BilingualDto, description: 'The answer written for the public.' }) weDid: BilingualDto;
  @ApiProperty({ description: 'The agency that acted.' }) agency: string;
  @ApiProperty({ format: 'date' }) answeredOn: string;
}

export class YouSaidWeDidMonthDto {
  @ApiProperty({ example: '2026-01', description: 'The month the issue was raised.' }) month: string;
  @ApiProperty({ type: [YouSaidWeDidEntryDto] }) entries: YouSaidWeDidEntryDto[];
}

export class YouSaidWeDidAreaDto {
  @ApiProperty() areaCode: string;
  @ApiProperty({ type: [YouSaidWeDidMonthDto], description: 'Latest month first.' }) months: YouSaidWeDidMonthDto[];
}

export class PublicPartnershipDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class YouSaidWeDidFiltersDto {
  @ApiProperty({ type: String, nullable: true }) area: string | null;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty({ type: String, nullable: true }) to: string | null;
}

export class YouSaidWeDidDto {
  @ApiProperty({ type: PublicPartnershipDto }) partnership: PublicPartnershipDto;
  @ApiProperty({ type: YouSaidWeDidFiltersDto }) filters: YouSaidWeDidFiltersDto;
  @ApiProperty({ type: [YouSaidWeDidAreaDto] }) areas: YouSaidWeDidAreaDto[];
  @ApiProperty({ description: 'More answers were published than the feed holds (500): narrow the dates.' }) truncated: boolean;
}
