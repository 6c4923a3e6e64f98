import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_INTAKE_SETTINGS as D, INTAKE_SETTING_BOUNDS as B, type IntakeSettings } from '@app/domain/intake';

/**
 * A repeat rule: optional, an integer (or any `number`) within the domain's
 * bounds for the setting of the property's name, documented with its default.
 */
function Setting(type: 'integer' | 'number' = 'integer', example?: number): PropertyDecorator {
  return (target, key) => {
    const { min, max } = B[key as keyof IntakeSettings];
    // Bottom up, as the same decorators stacked on the property would apply (the validators' order is the errors' order);
    // the bounds documented first, where the swagger plugin put them when it read @Min/@Max.
    applyDecorators(
      Max(max),
      Min(min),
      type === 'integer' ? IsInt() : IsNumber(),
      IsOptional(),
      ApiPropertyOptional({ minimum: min, maximum: max, default: D[key as keyof IntakeSettings], example }),
    )(target, key);
  };
}

/** The repeat rules of the intake scanners (PATCH {pid} `intakeSettings`; each optional, the defaults apply until set). */
export class IntakeSettingsDto {
  /** Incidents at one location (coordinates within repeatLocationMetres, else LSOA + label) that make a repeat location. */
  @Setting() repeatLocationThreshold?: number;
  /** The rolling window of a repeat location, in months. */
  @Setting() repeatLocationMonths?: number;
  /** Incidents with coordinates within this many metres of each other are one location (0: by LSOA + label only). */
  @Setting('integer', 50) repeatLocationMetres?: number;
  /** Incidents against one victim (the ASB case review threshold is 3). */
  @Setting() repeatVictimThreshold?: number;
  @Setting() repeatOffenderThreshold?: number;
  /** The rolling window of repeat victims and offenders, in months. */
  @Setting() repeatSubjectMonths?: number;
  /** Wheeler's Poisson score 2(sqrt(current) - sqrt(mean)) at or above which a month is an exception. */
  @Setting('number') exceptionScore?: number;
  /** Months before the judged month that make its baseline. */
  @Setting() exceptionBaselineMonths?: number;
}
