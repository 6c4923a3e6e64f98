import { ApiProperty, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  CATEGORY_SLUG_PATTERN,
  LOCATION_CODE_MAX,
  PROBLEM_LIMITS,
  PROBLEM_SOURCES,
  PROBLEM_STAGES,
  PROBLEM_VIEWS,
  STAGE_CHANGE_KINDS,
  type ProblemModelView,
  type ProblemRecord,
  type ProblemSource,
  type ProblemStage,
  type ProblemSummary,
  type ProblemView,
  type StageChangeKind,
  type StageChangeRecord,
} from '@app/domain/problems';
import { OptionalDate, OptionalString, OptionalUuid, toBoolean, TrimmedText } from '../common/validators';
import { versionStamps } from '../common/versioned-record.dto';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';
import { AnalysisOutDto } from './problem-analysis.dto';
import { ActorDto, LocationDto, LocationOutDto, Locations, OptionalText, PriorityLinkDto, ProblemFields, TEXT, iso } from './problem-dto.common';
import { EvaluationOutDto } from './problem-evaluation.dto';
import { ResponseDto } from './problem-responses.dto';

export class CreateProblemDto {
  @TrimmedText(3, PROBLEM_LIMITS.title, 'Youth ASB around Loudoun Square shops, evenings') title: string;

  @OptionalText(
    'What is happening, to whom and how often (a scanning field: needed before analysis).',
    TEXT,
    'Groups gathering from 6pm; criminal damage to shutters, intimidation of shop staff.',
  )
  description?: string | null;

  @OptionalText("What the partnership means to achieve (OSARA's Objective).", TEXT, 'Halve ASB reports at the shops within six months.')
  objective?: string | null;

  /** A slug from GET .../problem-categories (422 unknown-category otherwise). */
  @ApiProperty({ example: 'anti-social-behaviour', pattern: CATEGORY_SLUG_PATTERN.source })
  @IsString()
  @MaxLength(60)
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug (lower-case words joined by hyphens)' })
  category: string;

  @IsIn(PROBLEM_SOURCES)
  source: ProblemSource;

  @Locations()
  locations: LocationDto[];

  /** The control strategy priority it serves: a priority of the partnership's current control strategy (422 priority-not-current otherwise). */
  @OptionalUuid() controlStrategyPriorityId?: string | null;

  /** When the response will be assessed (needed before assessment). */
  @OptionalDate('2026-07-31')
  plannedAssessmentDate?: string | null;
}

/**
 * Only the fields sent change, each checked as at creation (null is refused
 * for the fields creation requires). What follows documents what a field
 * means on a change; the rules are CreateProblemDto's.
 */
export class UpdateProblemDto extends PartialType(CreateProblemDto, { skipNullProperties: false }) {
  /** Null removes it (only at scanning: 422 scanning-incomplete later). */
  override description?: string | null;

  /** Null removes it. */
  override objective?: string | null;

  /** Replaces the locations (at least one). */
  override locations?: LocationDto[];

  /** A priority of the current control strategy; null unlinks it. */
  override controlStrategyPriorityId?: string | null;

  /** Null removes it (not at assessment: 422 planned-assessment-date-required). */
  override plannedAssessmentDate?: string | null;
}

export class ProblemQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(PROBLEM_STAGES)
  stage?: ProblemStage;

  /** A category slug. */
  @OptionalString(60, 'anti-social-behaviour') category?: string;

  @IsOptional()
  @IsIn(PROBLEM_SOURCES)
  source?: ProblemSource;

  /** Problems linked to this control strategy priority. */
  @OptionalUuid() priorityId?: string;

  /** Problems with a location of this code (case-insensitive). */
  @OptionalString(LOCATION_CODE_MAX, 'W05001289') locationCode?: string;

  /** true: only unevaluated problems (planned assessment date passed, Europe/London, with no evaluation; or closed without one). false: only the others. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unevaluated must be true or false' })
  unevaluated?: boolean;

  /** Full-text search of title and description (English stemming; web-search syntax: "phrases", or, -not). A reference such as CDF-P-0042 finds that problem. */
  @OptionalString(200, 'shop shutters') q?: string;
}

export class ProblemViewQueryDto {
  /** Arrange the record under another model's headings (see docs/problem-models.md). Without it: the record. */
  @IsOptional()
  @IsIn(PROBLEM_VIEWS)
  view?: ProblemView;
}

export class AdvanceProblemDto {
  /** The next stage (one forward). */
  @IsIn(PROBLEM_STAGES)
  to: ProblemStage;
}

export class ReopenProblemDto {
  @TrimmedText(3, PROBLEM_LIMITS.reason, 'Reports rose again after the dispersal order lapsed.') reason: string;
}

/** A row of the list: never the triangle, the responses or the evaluation. */
export class ProblemSummaryDto extends ProblemFields {
  /** Whether it holds a current evaluation. */
  evaluated: boolean;

  static from(p: ProblemSummary): ProblemSummaryDto {
    return {
      ...fieldsOf(p, 'id', 'reference', 'title', 'description', 'category', 'source'),
      locations: p.locations.map(LocationOutDto.from),
      ...fieldsOf(p, 'controlStrategyPriorityId', 'stage', 'stageChangedAt', 'plannedAssessmentDate', 'unevaluated', 'evaluated'),
      ...versionStamps(p),
    };
  }
}

export class ProblemPageDto extends PageDto(ProblemSummaryDto) {}

/** The whole record. */
export class ProblemDto extends ProblemFields {
  objective: string | null;
  controlStrategyPriority: PriorityLinkDto | null;
  analysis: AnalysisOutDto | null;
  responses: ResponseDto[];
  evaluation: EvaluationOutDto | null;
  /** True when you may not read the personal fields (the triangle; the evaluation's notes, diffusion of benefits and lessons): they are null here. See docs/problem-models.md. */
  personalDataWithheld: boolean;

  static from(p: ProblemRecord): ProblemDto {
    return {
      ...fieldsOf(p, 'id', 'reference', 'title', 'description', 'objective', 'category', 'source'),
      locations: p.locations.map(LocationOutDto.from),
      ...fieldsOf(p, 'controlStrategyPriorityId', 'controlStrategyPriority', 'stage', 'stageChangedAt', 'plannedAssessmentDate', 'unevaluated'),
      analysis: p.analysis ? AnalysisOutDto.from(p.analysis) : null,
      responses: p.responses.map(ResponseDto.from),
      evaluation: p.evaluation ? EvaluationOutDto.from(p.evaluation) : null,
      personalDataWithheld: p.personalDataWithheld,
      ...versionStamps(p),
    };
  }
}

export class ViewSectionDto {
  @ApiProperty({ example: 'objective' }) key: string;
  @ApiProperty({ example: 'Objective' }) heading: string;
  /** The parts of the record under this heading (docs/problem-models.md). */
  content: Record<string, unknown>;
}

/** The record arranged under another model's headings (`?view=`). */
export class ProblemModelViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  title: string;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: string;
  @ApiProperty({ enum: PROBLEM_VIEWS }) model: ProblemView;
  @ApiProperty({ example: 'OSARA (Objective, Scanning, Analysis, Response, Assessment)' }) modelName: string;
  /** In the model's order. */
  sections: ViewSectionDto[];
  personalDataWithheld: boolean;
  /** The record's version. */
  version: number;

  static from(v: ProblemModelView): ProblemModelViewDto {
    return { ...v };
  }
}

export class StageChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STAGE_CHANGE_KINDS }) kind: StageChangeKind;
  @ApiProperty({ enum: PROBLEM_STAGES }) from: ProblemStage | null;
  @ApiProperty({ enum: PROBLEM_STAGES }) to: ProblemStage;
  /** Why it was reopened. */
  reason: string | null;
  changedBy: ActorDto;
  changedAt: string;

  static from(h: StageChangeRecord): StageChangeDto {
    return { ...h, changedAt: iso(h.changedAt) };
  }
}

export class StageChangePageDto extends PageDto(StageChangeDto) {}
