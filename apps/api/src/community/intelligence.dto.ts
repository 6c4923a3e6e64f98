import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateNested } from 'class-validator';
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
import { LOCATION_CODE_MAX } from '@app/domain/problems';
import { IsCalendarDate } from '../common/validators';
import { ActorOutDto } from '../tasking/tasking.dto';
import { AREA_CODE_EXAMPLE, RequirementLinkDto, iso, trim } from './community-dto.common';

const L = COMMUNITY_LIMITS;
const meanings = (m: Record<string | number, string>) => Object.entries(m).map(([k, v]) => `${k} ${v}`).join('; ');
const SOURCE_EVALUATION_DOC = `Source evaluation: ${meanings(SOURCE_EVALUATION_MEANINGS)}.`;
const ASSESSMENT_DOC = `Intelligence assessment: ${meanings(INTELLIGENCE_ASSESSMENT_MEANINGS)}.`;
const HANDLING_DOC = `Handling code: ${meanings(HANDLING_CODE_MEANINGS)}.`;

export class HandlingConditionsDto {
  @ApiProperty({ maxLength: L.summary, example: 'Not to be disclosed to the subject or outside the partnership.', description: 'The conditions, as recorded.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.summary)
  text: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'The roles that may see the item (besides admins and analysts). With agencyIds too, a member needs both.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: L.conditionAgencies, description: "The agencies whose members may see it (the partnership's: 422 agency-not-in-partnership)." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.conditionAgencies)
  @IsUUID('all', { each: true })
  agencyIds?: string[];
}

export class CreateIntelligenceDto extends RequirementLinkDto {
  @ApiProperty({ format: 'date', example: '2026-01-14', description: 'When it was reported (Europe/London): today or earlier (422 date-in-future).' })
  @IsCalendarDate()
  reportedOn: string;

  @ApiProperty({ example: 'substance-misuse', description: "One of the partnership's problem categories (422 unknown-category)." })
  @IsString()
  @MaxLength(60)
  category: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: AREA_CODE_EXAMPLE })
  @IsOptional()
  @IsString()
  @MaxLength(LOCATION_CODE_MAX)
  areaCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.label })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.label)
  locationLabel?: string | null;

  @ApiProperty({ maxLength: L.text, description: 'What was reported. Never the source\'s identity: that belongs in the source record.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.text)
  content: string;

  @ApiProperty({ enum: SOURCE_EVALUATIONS, description: `${SOURCE_EVALUATION_DOC} Anything else: 400.` })
  @IsIn(SOURCE_EVALUATIONS)
  sourceEvaluation: SourceEvaluation;

  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS, description: `${ASSESSMENT_DOC} Anything else: 400.` })
  @IsIn(INTELLIGENCE_ASSESSMENTS)
  intelligenceAssessment: IntelligenceAssessment;

  @ApiProperty({ enum: HANDLING_CODES, description: `${HANDLING_DOC} C needs handlingConditions (422 handling-conditions-required); P takes none (422 handling-conditions-not-allowed).` })
  @IsIn(HANDLING_CODES)
  handlingCode: HandlingCode;

  @ApiPropertyOptional({ type: HandlingConditionsDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => HandlingConditionsDto)
  handlingConditions?: HandlingConditionsDto | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The source record (GET .../intelligence-sources; 422 unknown-source).' })
  @IsOptional()
  @IsUUID()
  sourceId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The problem it is about (422 unknown-problem).' })
  @IsOptional()
  @IsUUID()
  problemId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The control strategy priority it is about (422 priority-not-current).' })
  @IsOptional()
  @IsUUID()
  priorityId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The assessment requirementIndex refers to (default: the approved one).' })
  @IsOptional()
  @IsUUID()
  strategicAssessmentId?: string | null;
}

export class IntelligenceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() problemId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A control strategy priority.' }) @IsOptional() @IsUUID() priorityId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(60) category?: string;
  @ApiPropertyOptional({ example: AREA_CODE_EXAMPLE }) @IsOptional() @IsString() @MaxLength(LOCATION_CODE_MAX) area?: string;
  @ApiPropertyOptional({ enum: HANDLING_CODES }) @IsOptional() @IsIn(HANDLING_CODES) handlingCode?: HandlingCode;
  @ApiPropertyOptional({ enum: SOURCE_EVALUATIONS })
  @IsOptional()
  @Type(() => Number)
  @IsIn(SOURCE_EVALUATIONS)
  sourceEvaluation?: SourceEvaluation;
  @ApiPropertyOptional({ enum: INTELLIGENCE_ASSESSMENTS }) @IsOptional() @IsIn(INTELLIGENCE_ASSESSMENTS) intelligenceAssessment?: IntelligenceAssessment;
  @ApiPropertyOptional({ format: 'uuid', description: 'Items from this source (custodians only make use of it).' }) @IsOptional() @IsUUID() sourceId?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Reported on or after.' }) @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'Reported on or before.' }) @IsOptional() @IsCalendarDate() to?: string;
}

export class HandlingConditionsOutDto {
  @ApiProperty() text: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: [String], format: 'uuid' }) agencyIds: string[];
}

export class IntelligenceItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) reportedOn: string;
  @ApiProperty() category: string;
  @ApiProperty({ type: String, nullable: true }) areaCode: string | null;
  @ApiProperty({ type: String, nullable: true }) locationLabel: string | null;
  @ApiProperty() content: string;
  @ApiProperty({ example: '2-B-P', description: 'The three grades together.' }) grade: string;
  @ApiProperty({ enum: SOURCE_EVALUATIONS, description: SOURCE_EVALUATION_DOC }) sourceEvaluation: SourceEvaluation;
  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS, description: ASSESSMENT_DOC }) intelligenceAssessment: IntelligenceAssessment;
  @ApiProperty({ enum: HANDLING_CODES, description: HANDLING_DOC }) handlingCode: HandlingCode;
  @ApiProperty({ type: HandlingConditionsOutDto, nullable: true }) handlingConditions: HandlingConditionsOutDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Admins and analysts only (null for everyone else).' }) sourceId: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CDF-S-0003', description: 'Admins and analysts only.' }) sourceHandle: string | null;
  @ApiProperty({ enum: SOURCE_KINDS, nullable: true, description: 'Admins and analysts only.' }) sourceKind: SourceKind | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) problemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) strategicAssessmentId: string | null;
  @ApiProperty({ type: Number, nullable: true }) requirementIndex: number | null;
  @ApiProperty({ type: ActorOutDto }) recordedBy: ActorOutDto;
  @ApiProperty() createdAt: string;

  static from(i: IntelligenceItemView): IntelligenceItemDto {
    return { ...i, createdAt: iso(i.createdAt)! };
  }
}

export class IntelligencePageDto {
  @ApiProperty({ type: [IntelligenceItemDto] }) items: IntelligenceItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** What is shown of an item where it is linked: grade, category, area, date; the id only to those who may open it. */
export class IntelligenceSummaryDto implements IntelligenceSummary {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null when you may not read the item (its handling conditions do not name you).' }) id: string | null;
  @ApiProperty() readable: boolean;
  @ApiProperty({ example: '2-B-C' }) grade: string;
  @ApiProperty({ enum: SOURCE_EVALUATIONS }) sourceEvaluation: SourceEvaluation;
  @ApiProperty({ enum: INTELLIGENCE_ASSESSMENTS }) intelligenceAssessment: IntelligenceAssessment;
  @ApiProperty({ enum: HANDLING_CODES }) handlingCode: HandlingCode;
  @ApiProperty() category: string;
  @ApiProperty({ type: String, nullable: true }) areaCode: string | null;
  @ApiProperty({ format: 'date' }) reportedOn: string;
}

export class IntelligenceSummaryListDto {
  @ApiProperty({ type: [IntelligenceSummaryDto] }) items: IntelligenceSummaryDto[];
}
