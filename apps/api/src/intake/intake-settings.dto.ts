import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_INTAKE_SETTINGS as D, INTAKE_SETTING_BOUNDS as B } from '@app/domain/intake';

/** The repeat rules of the intake scanners (PATCH {pid} `intakeSettings`; each optional, the defaults apply until set). */
export class IntakeSettingsDto {
  /** Incidents at one location (coordinates within repeatLocationMetres, else LSOA + label) that make a repeat location. */
  @ApiPropertyOptional({ default: D.repeatLocationThreshold })
  @IsOptional()
  @IsInt()
  @Min(B.repeatLocationThreshold.min)
  @Max(B.repeatLocationThreshold.max)
  repeatLocationThreshold?: number;

  /** The rolling window of a repeat location, in months. */
  @ApiPropertyOptional({ default: D.repeatLocationMonths })
  @IsOptional()
  @IsInt()
  @Min(B.repeatLocationMonths.min)
  @Max(B.repeatLocationMonths.max)
  repeatLocationMonths?: number;

  /** Incidents with coordinates within this many metres of each other are one location (0: by LSOA + label only). */
  @ApiPropertyOptional({ default: D.repeatLocationMetres, example: 50 })
  @IsOptional()
  @IsInt()
  @Min(B.repeatLocationMetres.min)
  @Max(B.repeatLocationMetres.max)
  repeatLocationMetres?: number;

  /** Incidents against one victim (the ASB case review threshold is 3). */
  @ApiPropertyOptional({ default: D.repeatVictimThreshold })
  @IsOptional()
  @IsInt()
  @Min(B.repeatVictimThreshold.min)
  @Max(B.repeatVictimThreshold.max)
  repeatVictimThreshold?: number;

  @ApiPropertyOptional({ default: D.repeatOffenderThreshold })
  @IsOptional()
  @IsInt()
  @Min(B.repeatOffenderThreshold.min)
  @Max(B.repeatOffenderThreshold.max)
  repeatOffenderThreshold?: number;

  /** The rolling window of repeat victims and offenders, in months. */
  @ApiPropertyOptional({ default: D.repeatSubjectMonths })
  @IsOptional()
  @IsInt()
  @Min(B.repeatSubjectMonths.min)
  @Max(B.repeatSubjectMonths.max)
  repeatSubjectMonths?: number;

  /** Wheeler's Poisson score 2(sqrt(current) - sqrt(mean)) at or above which a month is an exception. */
  @ApiPropertyOptional({ default: D.exceptionScore })
  @IsOptional()
  @IsNumber()
  @Min(B.exceptionScore.min)
  @Max(B.exceptionScore.max)
  exceptionScore?: number;

  /** Months before the judged month that make its baseline. */
  @ApiPropertyOptional({ default: D.exceptionBaselineMonths })
  @IsOptional()
  @IsInt()
  @Min(B.exceptionBaselineMonths.min)
  @Max(B.exceptionBaselineMonths.max)
  exceptionBaselineMonths?: number;
}
