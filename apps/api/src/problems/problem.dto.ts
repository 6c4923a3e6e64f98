import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { INCIDENT_CATEGORIES } from '@app/domain/intake';
import { PageQueryDto } from '@app/core/pagination';
import {
  CATEGORY_SLUG_PATTERN,
  DISPLACEMENT_KINDS,
  IMPACT_RESULTS,
  LOCATION_CODE_MAX,
  PROBLEM_LIMITS,
  PROBLEM_SOURCES,
  PROBLEM_STAGES,
  PROBLEM_VIEWS,
  REPEAT_PATTERNS,
  RESPONSE_STATUSES,
  RESPONSE_TYPES,
  STAGE_CHANGE_KINDS,
  TRIANGLE_SIDES,
  locationCodeProblem,
  type ActorRef,
  type AnalysisRecord,
  type DisplacementKind,
  type EvaluationRecord,
  type ImpactResult,
  type MeasureChange,
  type ProblemCategory,
  type ProblemLocationValue,
  type ProblemModelView,
  type ProblemRecord,
  type ProblemSource,
  type ProblemStage,
  type ProblemSummary,
  type ProblemView,
  type RepeatPattern,
  type ResponseRecord,
  type ResponseStatus,
  type ResponseType,
  type StageChangeKind,
  type StageChangeRecord,
  type Triangle,
  type TriangleSide,
} from '@app/domain/problems';
import { IsCalendarDate, IsOptionalNotNull } from '../common/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const iso = (d: Date) => d.toISOString();
const TEXT = PROBLEM_LIMITS.text;
const SIDES = Object.keys(TRIANGLE_SIDES) as TriangleSide[];

/** An ONS code (ward W05..., LSOA W01...) or a local code (see locations.ts). */
function IsLocationCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLocationCode',
      validator: {
        validate: (value) => locationCodeProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${locationCodeProblem(args?.value)}`,
      },
    },
    options,
  );
}

/** Free text that may be left out or null. */
function OptionalText(description: string, max: number = TEXT, example?: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, nullable: true, maxLength: max, description, example })(target, key);
    Transform(trim)(target, key);
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };
}

// ---- inputs ---------------------------------------------------------------

export class LocationDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: LOCATION_CODE_MAX,
    example: 'W05001289',
    description: 'An ONS (GSS) code: a letter and 8 digits, e.g. a ward W05000999 or an LSOA W01000123; or a local code of capitals and digits joined by - _ / or . (e.g. CDF-BEAT-12). Stored upper case.',
  })
  @Transform(trim)
  @IsOptional()
  @IsLocationCode()
  code?: string | null;

  @ApiProperty({ example: 'Butetown: Loudoun Square', minLength: 1, maxLength: PROBLEM_LIMITS.label })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(PROBLEM_LIMITS.label)
  label: string;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -90, maximum: 90, example: 51.4686, description: 'Latitude (WGS84); with lng, or neither.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: -180, maximum: 180, example: -3.1698, description: 'Longitude (WGS84); with lat, or neither.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number | null;
}

function Locations(optional: boolean): PropertyDecorator {
  return (target, key) => {
    const doc = { type: LocationDto, isArray: true, minItems: 1, maxItems: PROBLEM_LIMITS.locations, description: 'Where it happens: at least one location.' };
    (optional ? ApiPropertyOptional({ ...doc, description: 'Replaces the locations (at least one).' }) : ApiProperty(doc))(target, key);
    if (optional) IsOptionalNotNull()(target, key);
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(PROBLEM_LIMITS.locations)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => LocationDto)(target, key);
  };
}

export class CreateProblemDto {
  @ApiProperty({ example: 'Youth ASB around Loudoun Square shops, evenings', minLength: 3, maxLength: PROBLEM_LIMITS.title })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(PROBLEM_LIMITS.title)
  title: string;

  @OptionalText('What is happening, to whom and how often (a scanning field: needed before analysis).', TEXT, 'Groups gathering from 6pm; criminal damage to shutters, intimidation of shop staff.')
  description?: string | null;

  @OptionalText('What the partnership means to achieve (OSARA\'s Objective).', TEXT, 'Halve ASB reports at the shops within six months.')
  objective?: string | null;

  @ApiProperty({ example: 'anti-social-behaviour', description: 'A slug from GET .../problem-categories (422 unknown-category otherwise).' })
  @IsString()
  @MaxLength(60)
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug (lower-case words joined by hyphens)' })
  category: string;

  @ApiProperty({ enum: PROBLEM_SOURCES })
  @IsIn(PROBLEM_SOURCES)
  source: ProblemSource;

  @Locations(false)
  locations: LocationDto[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The control strategy priority it serves: a priority of the partnership\'s current control strategy (422 priority-not-current otherwise).',
  })
  @IsOptional()
  @IsUUID()
  controlStrategyPriorityId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-07-31', description: 'When the response will be assessed (needed before assessment).' })
  @IsOptional()
  @IsCalendarDate()
  plannedAssessmentDate?: string | null;
}

/** Only the fields sent change. */
export class UpdateProblemDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: PROBLEM_LIMITS.title })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(PROBLEM_LIMITS.title)
  title?: string;

  @OptionalText('Null removes it (only at scanning: 422 scanning-incomplete later).')
  description?: string | null;

  @OptionalText('Null removes it.')
  objective?: string | null;

  @ApiPropertyOptional({ example: 'anti-social-behaviour' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(60)
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'category must be a category slug (lower-case words joined by hyphens)' })
  category?: string;

  @ApiPropertyOptional({ enum: PROBLEM_SOURCES })
  @IsOptionalNotNull()
  @IsIn(PROBLEM_SOURCES)
  source?: ProblemSource;

  @Locations(true)
  locations?: LocationDto[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A priority of the current control strategy; null unlinks it.' })
  @IsOptional()
  @IsUUID()
  controlStrategyPriorityId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Null removes it (not at assessment: 422 planned-assessment-date-required).' })
  @IsOptional()
  @IsCalendarDate()
  plannedAssessmentDate?: string | null;
}

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ProblemQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROBLEM_STAGES })
  @IsOptional()
  @IsIn(PROBLEM_STAGES)
  stage?: ProblemStage;

  @ApiPropertyOptional({ example: 'anti-social-behaviour', description: 'A category slug.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  category?: string;

  @ApiPropertyOptional({ enum: PROBLEM_SOURCES })
  @IsOptional()
  @IsIn(PROBLEM_SOURCES)
  source?: ProblemSource;

  @ApiPropertyOptional({ format: 'uuid', description: 'Problems linked to this control strategy priority.' })
  @IsOptional()
  @IsUUID()
  priorityId?: string;

  @ApiPropertyOptional({ example: 'W05001289', description: 'Problems with a location of this code (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MaxLength(LOCATION_CODE_MAX)
  locationCode?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'true: only unevaluated problems (planned assessment date passed, Europe/London, with no evaluation; or closed without one). false: only the others.',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unevaluated must be true or false' })
  unevaluated?: boolean;

  @ApiPropertyOptional({
    maxLength: 200,
    example: 'shop shutters',
    description: 'Full-text search of title and description (English stemming; web-search syntax: "phrases", or, -not). A reference such as CDF-P-0042 finds that problem.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class ProblemViewQueryDto {
  @ApiPropertyOptional({ enum: PROBLEM_VIEWS, description: 'Arrange the record under another model\'s headings (see docs/problem-models.md). Without it: the record.' })
  @IsOptional()
  @IsIn(PROBLEM_VIEWS)
  view?: ProblemView;
}

export class AdvanceProblemDto {
  @ApiProperty({ enum: PROBLEM_STAGES, description: 'The next stage (one forward).' })
  @IsIn(PROBLEM_STAGES)
  to: ProblemStage;
}

export class ReopenProblemDto {
  @ApiProperty({ minLength: 3, maxLength: PROBLEM_LIMITS.reason, example: 'Reports rose again after the dispersal order lapsed.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(PROBLEM_LIMITS.reason)
  reason: string;
}

export class TriangleDto implements Partial<Triangle> {
  @OptionalText('The offender (free text: personal data).') offender?: string | null;
  @OptionalText('Who can influence the offender (the handler).') handler?: string | null;
  @OptionalText('The victim or target.') victim?: string | null;
  @OptionalText('Who can protect the victim or target (the guardian).') guardian?: string | null;
  @OptionalText('The location.') location?: string | null;
  @OptionalText('Who controls the location (the manager).') manager?: string | null;
}

export class CountedMeasureDto {
  @ApiProperty({ enum: INCIDENT_CATEGORIES, isArray: true, minItems: 1, description: 'Incident categories counted at the problem\'s location codes (docs/intake.md).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INCIDENT_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(INCIDENT_CATEGORIES, { each: true })
  categories: string[];
}

export class MeasurementDto {
  @ApiProperty({ example: 'ASB incidents reported to police', minLength: 1, maxLength: PROBLEM_LIMITS.measure })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(PROBLEM_LIMITS.measure)
  measure: string;

  @ApiProperty({ format: 'date', example: '2025-10-01' })
  @IsCalendarDate()
  periodStart: string;

  @ApiProperty({ format: 'date', example: '2025-12-31', description: 'Not before periodStart.' })
  @IsCalendarDate()
  periodEnd: string;

  @ApiProperty({ example: 42, description: 'The count or rate over the period (computed, and any value sent ignored, when counted).' })
  @ValidateIf((m: MeasurementDto) => !m.counted)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1e12)
  @Max(1e12)
  value: number;

  @ApiPropertyOptional({
    type: CountedMeasureDto,
    nullable: true,
    description: 'A counted measure: the system counts the incidents of these categories at the problem\'s ward or LSOA codes in the period. A counted impact needs a counted baseline of the same categories over a period of the same length (422 `baseline-not-counted`, `counted-measure-mismatch`, `counted-period-mismatch`).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CountedMeasureDto)
  counted?: CountedMeasureDto | null;
}

export class AnalysisDto {
  @ApiProperty({ type: TriangleDto, description: 'The Problem Analysis Triangle: six roles, free text each (at least one side before response).' })
  @IsObject()
  @ValidateNested()
  @Type(() => TriangleDto)
  triangle: TriangleDto;

  @ApiPropertyOptional({ enum: REPEAT_PATTERNS, isArray: true, description: 'Repeat offender ("wolf"), victim ("duck"), location ("den").' })
  @IsOptional()
  @IsArray()
  // Bounded before uniqueness is checked (that check is quadratic: 5,000 entries blocked for ~60 ms).
  @ArrayMaxSize(REPEAT_PATTERNS.length)
  @ArrayUnique()
  @IsIn(REPEAT_PATTERNS, { each: true })
  repeatPatterns?: RepeatPattern[];

  @ApiPropertyOptional({ type: MeasurementDto, nullable: true, description: 'The baseline measure (needed before response).' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MeasurementDto)
  baseline?: MeasurementDto | null;
}

export class CreateResponseDto {
  @ApiProperty({ minLength: 3, maxLength: TEXT, example: 'Dispersal patrols Thursday-Saturday 6-10pm' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  description: string;

  @ApiProperty({ enum: RESPONSE_TYPES })
  @IsIn(RESPONSE_TYPES)
  type: ResponseType;

  @ApiProperty({ format: 'uuid', description: 'One of the partnership\'s agencies (422 agency-not-in-partnership otherwise).' })
  @IsUUID()
  ownerAgencyId: string;

  @ApiProperty({ format: 'date', example: '2026-02-01' })
  @IsCalendarDate()
  startDate: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2026-04-30', description: 'Not before startDate; null while open-ended.' })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({ enum: RESPONSE_STATUSES, default: 'planned' })
  @IsOptional()
  @IsIn(RESPONSE_STATUSES)
  status?: ResponseStatus;
}

/** Only the fields sent change. */
export class UpdateResponseDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: TEXT })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  description?: string;

  @ApiPropertyOptional({ enum: RESPONSE_TYPES })
  @IsOptionalNotNull()
  @IsIn(RESPONSE_TYPES)
  type?: ResponseType;

  @ApiPropertyOptional({ format: 'uuid', description: 'Hand it to another agency (not partners).' })
  @IsOptionalNotNull()
  @IsUUID()
  ownerAgencyId?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsCalendarDate()
  endDate?: string | null;

  @ApiPropertyOptional({ enum: RESPONSE_STATUSES })
  @IsOptionalNotNull()
  @IsIn(RESPONSE_STATUSES)
  status?: ResponseStatus;
}

export class ProcessEntryDto {
  @ApiProperty({ format: 'uuid', description: 'A response of this problem (422 process-unknown-response otherwise).' })
  @IsUUID()
  responseId: string;

  @ApiProperty({ description: 'Was it delivered as planned?' })
  @IsBoolean()
  delivered: boolean;

  @OptionalText('How it went.')
  note?: string | null;
}

export class ImpactDto extends MeasurementDto {
  @ApiProperty({ enum: IMPACT_RESULTS, description: 'handled_elsewhere: handled better by another body.' })
  @IsIn(IMPACT_RESULTS)
  result: ImpactResult;
}

export class DisplacementDto {
  @ApiProperty({ enum: DISPLACEMENT_KINDS, isArray: true, minItems: 1, description: '`none` stands alone.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DISPLACEMENT_KINDS.length)
  @ArrayUnique()
  @IsIn(DISPLACEMENT_KINDS, { each: true })
  kinds: DisplacementKind[];

  @OptionalText('What moved where.')
  note?: string | null;
}

export class EvaluationDto {
  @ApiProperty({ type: [ProcessEntryDto], maxItems: PROBLEM_LIMITS.responses, description: 'Process evaluation: one entry per response (every response that is not cancelled before closing).' })
  @IsArray()
  @ArrayMaxSize(PROBLEM_LIMITS.responses)
  @ValidateNested({ each: true })
  @Type(() => ProcessEntryDto)
  process: ProcessEntryDto[];

  @ApiProperty({ type: ImpactDto, description: 'Impact evaluation: the baseline\'s measure after the response, over a comparable period, and the result.' })
  @IsObject()
  @ValidateNested()
  @Type(() => ImpactDto)
  impact: ImpactDto;

  @ApiProperty({ type: DisplacementDto })
  @IsObject()
  @ValidateNested()
  @Type(() => DisplacementDto)
  displacement: DisplacementDto;

  @OptionalText('Any diffusion of benefits (gains beyond the target).')
  diffusionOfBenefits?: string | null;

  @ApiProperty({ minLength: 3, maxLength: TEXT, description: 'Lessons learned.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(TEXT)
  lessons: string;
}

export class CreateProblemCategoryDto {
  @ApiProperty({ example: 'fly-tipping', maxLength: 60, description: 'Lower-case words joined by hyphens; what problems store.' })
  @IsString()
  @MaxLength(60)
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug: string;

  @ApiProperty({ example: 'Fly-tipping', minLength: 2, maxLength: PROBLEM_LIMITS.categoryName })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(PROBLEM_LIMITS.categoryName)
  name: string;
}

// ---- outputs --------------------------------------------------------------

export class LocationOutDto {
  @ApiProperty({ type: String, nullable: true, example: 'W05001289' }) code: string | null;
  @ApiProperty({ example: 'Butetown: Loudoun Square' }) label: string;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lng: number | null;

  static from(l: ProblemLocationValue): LocationOutDto {
    return { code: l.code, label: l.label, lat: l.lat, lng: l.lng };
  }
}

export class TriangleOutDto implements Triangle {
  @ApiProperty({ type: String, nullable: true }) offender: string | null;
  @ApiProperty({ type: String, nullable: true }) handler: string | null;
  @ApiProperty({ type: String, nullable: true }) victim: string | null;
  @ApiProperty({ type: String, nullable: true }) guardian: string | null;
  @ApiProperty({ type: String, nullable: true }) location: string | null;
  @ApiProperty({ type: String, nullable: true }) manager: string | null;
}

export class MeasurementOutDto {
  @ApiProperty() measure: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty() value: number;
  @ApiPropertyOptional({ type: CountedMeasureDto, nullable: true, description: 'Set when the system counted the value from the incidents held.' }) counted?: CountedMeasureDto | null;
}

export class AnalysisOutDto {
  @ApiProperty({ type: TriangleOutDto, nullable: true, description: 'Null when withheld from you (personal data; see personalDataWithheld).' })
  triangle: TriangleOutDto | null;
  @ApiProperty({ enum: SIDES, isArray: true, description: 'The sides with at least one role written: offender (offender/handler), victim (victim/guardian), location (location/manager).' })
  sidesAnalysed: TriangleSide[];
  @ApiProperty({ enum: REPEAT_PATTERNS, isArray: true }) repeatPatterns: RepeatPattern[];
  @ApiProperty({ type: MeasurementOutDto, nullable: true }) baseline: MeasurementOutDto | null;
  @ApiProperty() updatedAt: string;

  static from(a: AnalysisRecord): AnalysisOutDto {
    return { triangle: a.triangle, sidesAnalysed: a.sidesAnalysed, repeatPatterns: a.repeatPatterns, baseline: a.baseline, updatedAt: iso(a.updatedAt) };
  }
}

export class ResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) problemId: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: RESPONSE_TYPES }) type: ResponseType;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) endDate: string | null;
  @ApiProperty({ enum: RESPONSE_STATUSES }) status: ResponseStatus;
  @ApiProperty({ description: 'The response\'s own version (its ETag is "<id>.<version>").' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(r: ResponseRecord): ResponseDto {
    return {
      id: r.id,
      problemId: r.problemId,
      description: r.description,
      type: r.type,
      ownerAgencyId: r.ownerAgencyId,
      startDate: r.startDate,
      endDate: r.endDate,
      status: r.status,
      version: r.version,
      createdAt: iso(r.createdAt),
      updatedAt: iso(r.updatedAt),
    };
  }
}

export class ProcessEntryOutDto {
  @ApiProperty({ format: 'uuid' }) responseId: string;
  @ApiProperty() delivered: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Null when withheld from you or not given.' }) note: string | null;
}

export class ImpactOutDto extends MeasurementOutDto {
  @ApiProperty({ enum: IMPACT_RESULTS }) result: ImpactResult;
}

export class ChangeDto implements MeasureChange {
  @ApiProperty() measure: string;
  @ApiProperty() baseline: number;
  @ApiProperty() impact: number;
  @ApiProperty({ description: 'impact - baseline' }) absolute: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Change as a percentage of the baseline (one decimal); null when the baseline is zero and the impact is not.' })
  percent: number | null;
  @ApiProperty({ description: 'Days in the baseline period (inclusive).' }) baselineDays: number;
  @ApiProperty({ description: 'Days in the impact period (inclusive).' }) impactDays: number;
}

export class DisplacementOutDto {
  @ApiProperty({ enum: DISPLACEMENT_KINDS, isArray: true }) kinds: DisplacementKind[];
  @ApiProperty({ type: String, nullable: true, description: 'Null when withheld from you or not given.' }) note: string | null;
}

export class ActorDto implements ActorRef {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) type: ActorRef['type'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id: string | null;
}

export class EvaluationOutDto {
  @ApiProperty({ type: [ProcessEntryOutDto] }) process: ProcessEntryOutDto[];
  @ApiProperty({ type: ImpactOutDto }) impact: ImpactOutDto;
  @ApiProperty({ type: ChangeDto, nullable: true, description: 'Baseline to impact, when both count the same measure; null otherwise.' }) change: ChangeDto | null;
  @ApiProperty({ type: DisplacementOutDto }) displacement: DisplacementOutDto;
  @ApiProperty({ type: String, nullable: true }) diffusionOfBenefits: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Null when withheld from you.' }) lessons: string | null;
  @ApiProperty({ description: 'False once the problem was reopened after it: closing again needs a new evaluation.' }) current: boolean;
  @ApiProperty() evaluatedAt: string;
  @ApiProperty({ type: ActorDto }) evaluatedBy: ActorDto;

  static from(e: EvaluationRecord): EvaluationOutDto {
    return { ...e, evaluatedAt: iso(e.evaluatedAt) };
  }
}

export class PriorityLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'Its title in the current control strategy; null when no longer in it.' }) title: string | null;
  @ApiProperty({ description: 'Whether the current control strategy still holds it.' }) current: boolean;
}

class ProblemFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ example: 'anti-social-behaviour' }) category: string;
  @ApiProperty({ enum: PROBLEM_SOURCES }) source: ProblemSource;
  @ApiProperty({ type: [LocationOutDto] }) locations: LocationOutDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: ProblemStage;
  @ApiProperty() stageChangedAt: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedAssessmentDate: string | null;
  @ApiProperty({ description: 'Planned assessment date passed (Europe/London) with no evaluation, or closed without one.' }) unevaluated: boolean;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

/** A row of the list: never the triangle, the responses or the evaluation. */
export class ProblemSummaryDto extends ProblemFields {
  @ApiProperty({ description: 'Whether it holds a current evaluation.' }) evaluated: boolean;

  static from(p: ProblemSummary): ProblemSummaryDto {
    return {
      id: p.id,
      reference: p.reference,
      title: p.title,
      description: p.description,
      category: p.category,
      source: p.source,
      locations: p.locations.map(LocationOutDto.from),
      controlStrategyPriorityId: p.controlStrategyPriorityId,
      stage: p.stage,
      stageChangedAt: iso(p.stageChangedAt),
      plannedAssessmentDate: p.plannedAssessmentDate,
      unevaluated: p.unevaluated,
      evaluated: p.evaluated,
      version: p.version,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
    };
  }
}

export class ProblemPageDto {
  @ApiProperty({ type: [ProblemSummaryDto] }) items: ProblemSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** The whole record. */
export class ProblemDto extends ProblemFields {
  @ApiProperty({ type: String, nullable: true }) objective: string | null;
  @ApiProperty({ type: PriorityLinkDto, nullable: true }) controlStrategyPriority: PriorityLinkDto | null;
  @ApiProperty({ type: AnalysisOutDto, nullable: true }) analysis: AnalysisOutDto | null;
  @ApiProperty({ type: [ResponseDto] }) responses: ResponseDto[];
  @ApiProperty({ type: EvaluationOutDto, nullable: true }) evaluation: EvaluationOutDto | null;
  @ApiProperty({
    description: 'True when you may not read the personal fields (the triangle; the evaluation\'s notes, diffusion of benefits and lessons): they are null here. See docs/problem-models.md.',
  })
  personalDataWithheld: boolean;

  static from(p: ProblemRecord): ProblemDto {
    return {
      id: p.id,
      reference: p.reference,
      title: p.title,
      description: p.description,
      objective: p.objective,
      category: p.category,
      source: p.source,
      locations: p.locations.map(LocationOutDto.from),
      controlStrategyPriorityId: p.controlStrategyPriorityId,
      controlStrategyPriority: p.controlStrategyPriority,
      stage: p.stage,
      stageChangedAt: iso(p.stageChangedAt),
      plannedAssessmentDate: p.plannedAssessmentDate,
      unevaluated: p.unevaluated,
      analysis: p.analysis ? AnalysisOutDto.from(p.analysis) : null,
      responses: p.responses.map(ResponseDto.from),
      evaluation: p.evaluation ? EvaluationOutDto.from(p.evaluation) : null,
      personalDataWithheld: p.personalDataWithheld,
      version: p.version,
      createdAt: iso(p.createdAt),
      updatedAt: iso(p.updatedAt),
    };
  }
}

export class ViewSectionDto {
  @ApiProperty({ example: 'objective' }) key: string;
  @ApiProperty({ example: 'Objective' }) heading: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The parts of the record under this heading (docs/problem-models.md).' })
  content: Record<string, unknown>;
}

/** The record arranged under another model's headings (`?view=`). */
export class ProblemModelViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: string;
  @ApiProperty({ enum: PROBLEM_VIEWS }) model: ProblemView;
  @ApiProperty({ example: 'OSARA (Objective, Scanning, Analysis, Response, Assessment)' }) modelName: string;
  @ApiProperty({ type: [ViewSectionDto], description: 'In the model\'s order.' }) sections: ViewSectionDto[];
  @ApiProperty() personalDataWithheld: boolean;
  @ApiProperty({ description: 'The record\'s version.' }) version: number;

  static from(v: ProblemModelView): ProblemModelViewDto {
    return { ...v };
  }
}

export class StageChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: STAGE_CHANGE_KINDS }) kind: StageChangeKind;
  @ApiProperty({ enum: PROBLEM_STAGES, nullable: true }) from: ProblemStage | null;
  @ApiProperty({ enum: PROBLEM_STAGES }) to: ProblemStage;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was reopened.' }) reason: string | null;
  @ApiProperty({ type: ActorDto }) changedBy: ActorDto;
  @ApiProperty() changedAt: string;

  static from(h: StageChangeRecord): StageChangeDto {
    return { ...h, changedAt: iso(h.changedAt) };
  }
}

export class StageChangePageDto {
  @ApiProperty({ type: [StageChangeDto] }) items: StageChangeDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ProblemCategoryDto {
  @ApiProperty({ example: 'anti-social-behaviour' }) slug: string;
  @ApiProperty({ example: 'Anti-social behaviour' }) name: string;
  @ApiProperty() position: number;

  static from(c: ProblemCategory): ProblemCategoryDto {
    return { slug: c.slug, name: c.name, position: c.position };
  }
}

export class ProblemCategoryPageDto {
  @ApiProperty({ type: [ProblemCategoryDto] }) items: ProblemCategoryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
