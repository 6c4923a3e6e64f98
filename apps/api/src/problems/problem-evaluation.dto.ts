import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsObject, IsUUID, ValidateNested } from 'class-validator';
import {
  DISPLACEMENT_KINDS,
  IMPACT_RESULTS,
  PROBLEM_LIMITS,
  type DisplacementKind,
  type EvaluationRecord,
  type ImpactResult,
  type MeasureChange,
} from '@app/domain/problems';
import { MeasurementDto, MeasurementOutDto } from './problem-analysis.dto';
import { ActorDto, OptionalText, TEXT, iso } from './problem-dto.common';
import { TrimmedText } from '../common/validators';

export class ProcessEntryDto {
  /** A response of this problem (422 process-unknown-response otherwise). */
  @IsUUID()
  responseId: string;

  /** Was it delivered as planned? */
  @IsBoolean()
  delivered: boolean;

  @OptionalText('How it went.')
  note?: string | null;
}

export class ImpactDto extends MeasurementDto {
  /** handled_elsewhere: handled better by another body. */
  @IsIn(IMPACT_RESULTS)
  result: ImpactResult;
}

export class DisplacementDto {
  /** `none` stands alone. */
  @ApiProperty({ enum: DISPLACEMENT_KINDS, isArray: true })
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
  /** Process evaluation: one entry per response (every response that is not cancelled before closing). */
  @IsArray()
  @ArrayMaxSize(PROBLEM_LIMITS.responses)
  @ValidateNested({ each: true })
  @Type(() => ProcessEntryDto)
  process: ProcessEntryDto[];

  /** Impact evaluation: the baseline's measure after the response, over a comparable period, and the result. */
  @IsObject()
  @ValidateNested()
  @Type(() => ImpactDto)
  impact: ImpactDto;

  @IsObject()
  @ValidateNested()
  @Type(() => DisplacementDto)
  displacement: DisplacementDto;

  @OptionalText('Any diffusion of benefits (gains beyond the target).')
  diffusionOfBenefits?: string | null;

  /** Lessons learned. */
  @TrimmedText(3, TEXT) lessons: string;
}

export class ProcessEntryOutDto {
  @ApiProperty({ format: 'uuid' }) responseId: string;
  delivered: boolean;
  /** Null when withheld from you or not given. */
  note: string | null;
}

export class ImpactOutDto extends MeasurementOutDto {
  @ApiProperty({ enum: IMPACT_RESULTS }) result: ImpactResult;
}

export class ChangeDto implements MeasureChange {
  measure: string;
  baseline: number;
  impact: number;
  /** impact - baseline */
  absolute: number;
  /** Change as a percentage of the baseline (one decimal); null when the baseline is zero and the impact is not. */
  percent: number | null;
  /** Days in the baseline period (inclusive). */
  baselineDays: number;
  /** Days in the impact period (inclusive). */
  impactDays: number;
}

export class DisplacementOutDto {
  @ApiProperty({ enum: DISPLACEMENT_KINDS, isArray: true }) kinds: DisplacementKind[];
  /** Null when withheld from you or not given. */
  note: string | null;
}

export class EvaluationOutDto {
  process: ProcessEntryOutDto[];
  impact: ImpactOutDto;
  /** Baseline to impact, when both count the same measure; null otherwise. */
  change: ChangeDto | null;
  displacement: DisplacementOutDto;
  diffusionOfBenefits: string | null;
  /** Null when withheld from you. */
  lessons: string | null;
  /** False once the problem was reopened after it: closing again needs a new evaluation. */
  current: boolean;
  evaluatedAt: string;
  evaluatedBy: ActorDto;

  static from(e: EvaluationRecord): EvaluationOutDto {
    return { ...e, evaluatedAt: iso(e.evaluatedAt) };
  }
}
