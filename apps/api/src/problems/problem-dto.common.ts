import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import {
  LOCATION_CODE_MAX,
  PROBLEM_LIMITS,
  PROBLEM_SOURCES,
  PROBLEM_STAGES,
  TRIANGLE_SIDES,
  locationCodeProblem,
  type ActorRef,
  type ProblemLocationValue,
  type ProblemSource,
  type ProblemStage,
  type TriangleSide,
} from '@app/domain/problems';
import { VersionedRecordDto } from '../common/versioned-record.dto';
import { TrimmedText, trim } from '../common/validators';

export const iso = (d: Date) => d.toISOString();
export const TEXT = PROBLEM_LIMITS.text;
export const SIDES = Object.keys(TRIANGLE_SIDES) as TriangleSide[];

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
export function OptionalText(description: string, max: number = TEXT, example?: string): PropertyDecorator {
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
  /** An ONS (GSS) code: a letter and 8 digits, e.g. a ward W05000999 or an LSOA W01000123; or a local code of capitals and digits joined by - _ / or . (e.g. CDF-BEAT-12). Stored upper case. */
  @ApiPropertyOptional({ maxLength: LOCATION_CODE_MAX, example: 'W05001289' })
  @Transform(trim)
  @IsOptional()
  @IsLocationCode()
  code?: string | null;

  @TrimmedText(1, PROBLEM_LIMITS.label, 'Butetown: Loudoun Square') label: string;

  /** Latitude (WGS84); with lng, or neither. */
  @ApiPropertyOptional({ example: 51.4686 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat?: number | null;

  /** Longitude (WGS84); with lat, or neither. */
  @ApiPropertyOptional({ example: -3.1698 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lng?: number | null;
}

export function Locations(): PropertyDecorator {
  return (target, key) => {
    ApiProperty({ type: LocationDto, isArray: true, minItems: 1, maxItems: PROBLEM_LIMITS.locations, description: 'Where it happens: at least one location.' })(
      target,
      key,
    );
    IsArray()(target, key);
    ArrayMinSize(1)(target, key);
    ArrayMaxSize(PROBLEM_LIMITS.locations)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => LocationDto)(target, key);
  };
}

// ---- outputs --------------------------------------------------------------

export class LocationOutDto {
  @ApiProperty({ example: 'W05001289' }) code: string | null;
  @ApiProperty({ example: 'Butetown: Loudoun Square' }) label: string;
  lat: number | null;
  lng: number | null;

  static from(l: ProblemLocationValue): LocationOutDto {
    return { code: l.code, label: l.label, lat: l.lat, lng: l.lng };
  }
}

export class ActorDto implements ActorRef {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) type: ActorRef['type'];
  @ApiProperty({ format: 'uuid' }) id: string | null;
}

export class PriorityLinkDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** Its title in the current control strategy; null when no longer in it. */
  title: string | null;
  /** Whether the current control strategy still holds it. */
  current: boolean;
}

export class ProblemFields extends VersionedRecordDto {
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  title: string;
  description: string | null;
  @ApiProperty({ example: 'anti-social-behaviour' }) category: string;
  @ApiProperty({ enum: PROBLEM_SOURCES }) source: ProblemSource;
  locations: LocationOutDto[];
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: ProblemStage;
  stageChangedAt: string;
  @ApiProperty({ format: 'date' }) plannedAssessmentDate: string | null;
  /** Planned assessment date passed (Europe/London) with no evaluation, or closed without one. */
  unevaluated: boolean;
}
