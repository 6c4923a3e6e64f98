import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_INTAKE_SETTINGS as D, INTAKE_SETTING_BOUNDS as B } from '@app/domain/intake';

/** The repeat rules of the intake scanners (PATCH {pid} `intakeSettings`; each optional, the defaults apply until set). */
export class IntakeSettingsDto {
  @ApiPropertyOptional({ default: D.repeatLocationThreshold, minimum: B.repeatLocationThreshold.min, maximum: B.repeatLocationThreshold.max, description: 'Incidents at one location (coordinates within repeatLocationMetres, else LSOA + label) that make a repeat location.' })
  @IsOptional()
  @IsInt()
  @Min(B.repeatLocationThreshold.min)
  @Max(B.repeatLocationThreshold.max)
  repeatLocationThreshold?: number;

  @ApiPropertyOptional({ default: D.repeatLocationMonths, minimum: B.repeatLocationMonths.min, maximum: B.repeatLocationMonths.max, description: 'The rolling window of a repeat location, in months.' })
  @IsOptional()
  @IsInt()
  @Min(B.repeatLocationMonths.min)
  @Max(B.repeatLocationMonths.max)
  repeatLocationMonths?: number;

  @ApiPropertyOptional({
    default: D.repeatLocationMetres,
    minimum: B.repeatLocationMetres.min,
    maximum: B.repeatLocationMetres.max,
    example: 50,
    description: 'Incidents with coordinates within this many metres of each other are one location (0: by LSOA + label only).',
  })
  @IsOptional()
  @IsInt()
  @Min(B.repeatLocationMetres.min)
  @Max(B.repeatLocationMetres.max)
  repeatLocationMetres?: number;

  @ApiPropertyOptional({ default: D.repeatVictimThreshold, minimum: B.repeatVictimThreshold.min, maximum: B.repeatVictimThreshold.max, description: 'Incidents against one victim (the ASB case review threshold is 3).' })
  @IsOptional()
  @IsInt()
  @Min(B.repeatVictimThreshold.min)
  @Max(B.repeatVictimThreshold.max)
  repeatVictimThreshold?: number;

  @ApiPropertyOptional({ default: D.repeatOffenderThreshold, minimum: B.repeatOffenderThreshold.min, maximum: B.repeatOffenderThreshold.max })
  @IsOptional()
  @IsInt()
  @Min(B.repeatOffenderThreshold.min)
  @Max(B.repeatOffenderThreshold.max)
  repeatOffenderThreshold?: number;

  @ApiPropertyOptional({ default: D.repeatSubjectMonths, minimum: B.repeatSubjectMonths.min, maximum: B.repeatSubjectMonths.max, description: 'The rolling window of repeat victims and offenders, in months.' })
  @IsOptional()
  @IsInt()
  @Min(B.repeatSubjectMonths.min)
  @Max(B.repeatSubjectMonths.max)
  repeatSubjectMonths?: number;

  @ApiPropertyOptional({ default: D.exceptionScore, minimum: B.exceptionScore.min, maximum: B.exceptionScore.max, description: 'Wheeler\'s Poisson score 2(sqrt(current) - sqrt(mean)) at or above which a month is an exception.' })
  @IsOptional()
  @IsNumber()
  @Min(B.exceptionScore.min)
  @Max(B.exceptionScore.max)
  exceptionScore?: number;

  @ApiPropertyOptional({ default: D.exceptionBaselineMonths, minimum: B.exceptionBaselineMonths.min, maximum: B.exceptionBaselineMonths.max, description: 'Months before the judged month that make its baseline.' })
  @IsOptional()
  @IsInt()
  @Min(B.exceptionBaselineMonths.min)
  @Max(B.exceptionBaselineMonths.max)
  exceptionBaselineMonths?: number;
}
