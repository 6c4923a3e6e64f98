import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

/** A month (YYYY-MM) or a day (YYYY-MM-DD). */
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;

/** An optional end of a period filter (`from`, `to`): a month or a day. */
export function OptionalPeriodEnd(example: string): PropertyDecorator {
  // Bottom up, as the same decorators stacked on the property would apply.
  return applyDecorators(Matches(PERIOD, { message: '$property must be YYYY-MM or YYYY-MM-DD' }), IsOptional(), ApiPropertyOptional({ example }));
}
