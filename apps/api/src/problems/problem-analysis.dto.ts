import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsNumber, IsObject, IsOptional, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { INCIDENT_CATEGORIES } from '@app/domain/intake';
import { PROBLEM_LIMITS, REPEAT_PATTERNS, type AnalysisRecord, type RepeatPattern, type Triangle, type TriangleSide } from '@app/domain/problems';
import { IsCalendarDate, TrimmedText } from '../common/validators';
import { OptionalText, SIDES, iso } from './problem-dto.common';

export class TriangleDto implements Partial<Triangle> {
  @OptionalText('The offender (free text: personal data).') offender?: string | null;
  @OptionalText('Who can influence the offender (the handler).') handler?: string | null;
  @OptionalText('The victim or target.') victim?: string | null;
  @OptionalText('Who can protect the victim or target (the guardian).') guardian?: string | null;
  @OptionalText('The location.') location?: string | null;
  @OptionalText('Who controls the location (the manager).') manager?: string | null;
}

export class CountedMeasureDto {
  /** Incident categories counted at the problem's location codes (docs/intake.md). */
  @ApiProperty({ enum: INCIDENT_CATEGORIES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INCIDENT_CATEGORIES.length)
  @ArrayUnique()
  @IsIn(INCIDENT_CATEGORIES, { each: true })
  categories: string[];
}

export class MeasurementDto {
  @TrimmedText(1, PROBLEM_LIMITS.measure, 'ASB incidents reported to police') measure: string;

  @ApiProperty({ format: 'date', example: '2025-10-01' })
  @IsCalendarDate()
  periodStart: string;

  /** Not before periodStart. */
  @ApiProperty({ format: 'date', example: '2025-12-31' })
  @IsCalendarDate()
  periodEnd: string;

  /** The count or rate over the period (computed, and any value sent ignored, when counted). */
  @ApiProperty({ example: 42 })
  @ValidateIf((m: MeasurementDto) => !m.counted)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1e12)
  @Max(1e12)
  value: number;

  /** A counted measure: the system counts the incidents of these categories at the problem's ward or LSOA codes in the period. A counted impact needs a counted baseline of the same categories over a period of the same length (422 `baseline-not-counted`, `counted-measure-mismatch`, `counted-period-mismatch`). */
  @IsOptional()
  @ValidateNested()
  @Type(() => CountedMeasureDto)
  counted?: CountedMeasureDto | null;
}

export class AnalysisDto {
  /** The Problem Analysis Triangle: six roles, free text each (at least one side before response). */
  @IsObject()
  @ValidateNested()
  @Type(() => TriangleDto)
  triangle: TriangleDto;

  /** Repeat offender ("wolf"), victim ("duck"), location ("den"). */
  @ApiPropertyOptional({ enum: REPEAT_PATTERNS, isArray: true })
  @IsOptional()
  @IsArray()
  // Bounded before uniqueness is checked (that check is quadratic: 5,000 entries blocked for ~60 ms).
  @ArrayMaxSize(REPEAT_PATTERNS.length)
  @ArrayUnique()
  @IsIn(REPEAT_PATTERNS, { each: true })
  repeatPatterns?: RepeatPattern[];

  /** The baseline measure (needed before response). */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MeasurementDto)
  baseline?: MeasurementDto | null;
}

export class TriangleOutDto implements Triangle {
  offender: string | null;
  handler: string | null;
  victim: string | null;
  guardian: string | null;
  location: string | null;
  manager: string | null;
}

export class MeasurementOutDto {
  measure: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  value: number;
  /** Set when the system counted the value from the incidents held. */
  counted?: CountedMeasureDto | null;
}

export class AnalysisOutDto {
  /** Null when withheld from you (personal data; see personalDataWithheld). */
  triangle: TriangleOutDto | null;
  /** The sides with at least one role written: offender (offender/handler), victim (victim/guardian), location (location/manager). */
  @ApiProperty({ enum: SIDES, isArray: true })
  sidesAnalysed: TriangleSide[];
  @ApiProperty({ enum: REPEAT_PATTERNS, isArray: true }) repeatPatterns: RepeatPattern[];
  baseline: MeasurementOutDto | null;
  updatedAt: string;

  static from(a: AnalysisRecord): AnalysisOutDto {
    return { triangle: a.triangle, sidesAnalysed: a.sidesAnalysed, repeatPatterns: a.repeatPatterns, baseline: a.baseline, updatedAt: iso(a.updatedAt) };
  }
}
