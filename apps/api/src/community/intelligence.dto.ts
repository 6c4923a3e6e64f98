import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { ROLES, type Role } from '@app/core/security';
import {
  COMMUNITY_LIMITS,
  HANDLING_CODE_MEANINGS,
  HANDLING_CODES,
  INTELLIGENCE_ASSESSMENT_MEANINGS,
  INTELLIGENCE_ASSESSMENTS,
  SOURCE_EVALUATION_MEANINGS,
  SOURCE_EVALUATIONS,
  SOURCE_KINDS,
  type HandlingCode,
  type IntelligenceAssessment,
  type IntelligenceItemView,
  type IntelligenceSummary,
  type SourceEvaluation,
  type SourceKind,
} from '@app/domain/community';
import { IsCalendarDate, OptionalDate, OptionalTrimmedText, OptionalUuid, OptionalUuids, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';
import { ActorOutDto } from '../tasking/tasking.dto';
import { OptionalAreaCode, RequirementLinkDto, iso } from './community-dto.common';

const L = COMMUNITY_LIMITS;
const meanings = (m: Record<string | number, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
const SOURCE_EVALUATION_DOC = `Source evaluation: ${meanings(SOURCE_EVALUATION_MEANINGS)}.`;
const ASSESSMENT_DOC = `Intelligence assessment: ${meanings(INTELLIGENCE_ASSESSMENT_MEANINGS)}.`;
const HANDLING_DOC = `Handling code: ${meanings(HANDLING_CODE_MEANINGS)}.`;

export class HandlingConditionsDto {
  /** The conditions, as recorded. */
  @TrimmedText(3, L.summary, 'Not to be disclosed to the subject or outside the partnership.') text: string;

  /** The roles that may see the item (besides admins and analysts). With agencyIds too, a member needs both. */
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  /** The agencies whose members may see it (the partnership's: 422 agency-not-in-partnership). */
  @OptionalUuids(L.conditionAgencies) agencyIds?: string[];
}

export class CreateIntelligenceDto extends RequirementLinkDto {
  /** When it was reported (Europe/London): today or earlier (422 date-in-future). */
  @ApiProperty({ format: 'date', example: '2026-01-14' })
  @IsCalendarDate()
  reportedOn: string;

  /** One of the partnership's problem categories (422 unknown-category). */
  @ApiProperty({ example: 'substance-misuse' })
  @IsString()
  @MaxLength(60)
  category: string;

  @OptionalAreaCode()
  areaCode?: string | null;

  @OptionalTrimmedText(L.label)
  locationLabel?: string | null;

  /** What was reported. Never the source's identity: that belongs in the source record. */
  @TrimmedText(3, L.text) content: string;

  @ApiProperty({ description: `${SOURCE_EVALUATION_DOC} Anything else: 400.` })
  @IsIn(SOURCE_EVALUATIONS)
  sourceEvaluation: SourceEvaluation;

  @ApiProperty({ description: `${ASSESSMENT_DOC} Anything else: 400.` })
  @IsIn(INTELLIGENCE_ASSESSMENTS)
  intelligenceAssessment: IntelligenceAssessment;

  @ApiProperty({
    description: `${HANDLING_DOC} C needs handlingConditions (422 handling-conditions-required); P takes none (422 handling-conditions-not-allowed).`,
  })
  @IsIn(HANDLING_CODES)
  handlingCode: HandlingCode;

  @IsOptional()
  @ValidateNested()
  @Type(() => HandlingConditionsDto)
  handlingConditions?: HandlingConditionsDto | null;

  /** The source record (GET .../intelligence-sources; 422 unknown-source). */
  @OptionalUuid() sourceId?: string | null;

  /** The problem it is about (422 unknown-problem). */
  @OptionalUuid() problemId?: string | null;

  /** The control strategy priority it is about (422 priority-not-current). */
  @OptionalUuid() priorityId?: string | null;

  /** The assessment requirementIndex refers to (default: the approved one). */
  @OptionalUuid() strategicAssessmentId?: string | null;
}

export class IntelligenceQueryDto extends PageQueryDto {
  @OptionalUuid() problemId?: string;
  /** A control strategy priority. */
  @OptionalUuid() priorityId?: string;
  @IsOptional() @IsString() @MaxLength(60) category?: string;
  @OptionalAreaCode() area?: string;
  @IsOptional() @IsIn(HANDLING_CODES) handlingCode?: HandlingCode;
  @IsOptional()
  @Type(() => Number)
  @IsIn(SOURCE_EVALUATIONS)
  sourceEvaluation?: SourceEvaluation;
  @IsOptional() @IsIn(INTELLIGENCE_ASSESSMENTS) intelligenceAssessment?: IntelligenceAssessment;
  /** Items from this source (custodians only make use of it). */
  @OptionalUuid() sourceId?: string;
  /** Reported on or after. */
  @OptionalDate() from?: string;
  /** Reported on or before. */
  @OptionalDate() to?: string;
}

export class HandlingConditionsOutDto {
  text: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ format: 'uuid' }) agencyIds: string[];
}

export class IntelligenceItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) reportedOn: string;
  category: string;
  areaCode: string | null;
  locationLabel: string | null;
  content: string;
  /** The three grades together. */
  @ApiProperty({ example: '2-B-P' }) grade: string;
  @ApiProperty({ enum: SOURCE_EVALUATIONS, description: SOURCE_EVALUATION_DOC }) sourceEvaluation: SourceEvaluation;
  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS, description: ASSESSMENT_DOC }) intelligenceAssessment: IntelligenceAssessment;
  @ApiProperty({ enum: HANDLING_CODES, description: HANDLING_DOC }) handlingCode: HandlingCode;
  handlingConditions: HandlingConditionsOutDto | null;
  /** Admins and analysts only (null for everyone else). */
  @ApiProperty({ format: 'uuid' }) sourceId: string | null;
  /** Admins and analysts only. */
  @ApiProperty({ example: 'CDF-S-0003' }) sourceHandle: string | null;
  /** Admins and analysts only. */
  @ApiProperty({ enum: SOURCE_KINDS }) sourceKind: SourceKind | null;
  @ApiProperty({ format: 'uuid' }) problemId: string | null;
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string | null;
  requirementIndex: number | null;
  recordedBy: ActorOutDto;
  createdAt: string;

  static from(i: IntelligenceItemView): IntelligenceItemDto {
    return { ...i, createdAt: iso(i.createdAt)! };
  }
}

export class IntelligencePageDto extends PageDto(IntelligenceItemDto) {}

/** What is shown of an item where it is linked: grade, category, area, date; the id only to those who may open it. */
export class IntelligenceSummaryDto implements IntelligenceSummary {
  /** Null when you may not read the item (its handling conditions do not name you). */
  @ApiProperty({ format: 'uuid' }) id: string | null;
  readable: boolean;
  @ApiProperty({ example: '2-B-C' }) grade: string;
  @ApiProperty({ enum: SOURCE_EVALUATIONS }) sourceEvaluation: SourceEvaluation;
  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS }) intelligenceAssessment: IntelligenceAssessment;
  @ApiProperty({ enum: HANDLING_CODES }) handlingCode: HandlingCode;
  category: string;
  areaCode: string | null;
  @ApiProperty({ format: 'date' }) reportedOn: string;
}

export class IntelligenceSummaryListDto {
  items: IntelligenceSummaryDto[];
}
