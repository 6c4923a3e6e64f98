import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { isCalendarDate } from '@app/core';

/** A real calendar date written YYYY-MM-DD (2026-02-30 is refused). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a calendar date written YYYY-MM-DD`,
      },
    },
    options,
  );
}

/** A calendar date that may be left out or null (a query filter, an optional date of a record). */
export function OptionalDate(example?: string): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional(example === undefined ? { format: 'date' } : { format: 'date', example }), IsOptional(), IsCalendarDate());
}

/** Trims a string value (anything else passes unchanged, for the validators to refuse). */
/** A query flag as text: 'true' and 'false' become booleans; anything else is left for @IsBoolean to refuse. */
export const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** A required string, trimmed, then of `min` to `max` characters (a title, a name, a reason). */
export function TrimmedText(min: number, max: number, example?: string): PropertyDecorator {
  // Bottom up, as the same decorators stacked on the property would apply (the validators' order is the errors' order);
  // the limits documented first, where the swagger plugin put them when it read @MinLength/@MaxLength.
  return applyDecorators(MaxLength(max), MinLength(min), IsString(), Transform(trim), ApiProperty({ minLength: min, maxLength: max, example }));
}

/** A string of at most `max` characters that may be left out (or null, where the property's type allows it). */
export function OptionalString(max: number, example?: string): PropertyDecorator {
  // As TrimmedText: bottom up, the limit documented first.
  return applyDecorators(MaxLength(max), IsString(), IsOptional(), ApiPropertyOptional({ maxLength: max, example }));
}

/** An id (UUID) that may be left out (or null, where the property's type allows it): a link, a filter. */
export function OptionalUuid(): PropertyDecorator {
  // As TrimmedText: bottom up, the format documented where the swagger plugin put it when it read @IsUUID.
  return applyDecorators(IsUUID(), IsOptional(), ApiPropertyOptional({ format: 'uuid' }));
}

/** An optional string, trimmed, then of at most `max` characters (a label, a name, a note). */
export function OptionalTrimmedText(max: number, example?: string): PropertyDecorator {
  return applyDecorators(OptionalString(max, example), Transform(trim));
}

/**
 * For PATCH bodies: the field may be left out, but when present it is
 * validated like a required one (so `null` cannot blank a required column).
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/**
 * A list of at most `max` ids (UUIDs) that may be left out: the agencies present, those who may see a record.
 * `notNull` for PATCH bodies, where a list sent replaces the old one and null is refused.
 */
export function OptionalUuids(max: number, { notNull = false } = {}): PropertyDecorator {
  // Bottom up, as the same decorators stacked on the property would apply.
  return applyDecorators(
    IsUUID('all', { each: true }),
    ArrayMaxSize(max),
    IsArray(),
    notNull ? IsOptionalNotNull() : IsOptional(),
    ApiPropertyOptional({ format: 'uuid' }),
  );
}

const STRAND_NAME = /^[a-z][a-z0-9_]{0,39}$/;

export interface StrandPlansLimits {
  maxStrands: number;
  maxItems: number;
  maxItemLength: number;
}

/** Why `value` is not a map of strand plans (`{ <strand>: { objectives: string[], measures: string[] } }`), or null. */
export function strandPlansProblem(value: unknown, limits: StrandPlansLimits): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object keyed by strand';
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.length) return 'must plan at least one strand';
  if (entries.length > limits.maxStrands) return `must plan at most ${limits.maxStrands} strands`;
  for (const [strand, plan] of entries) {
    if (!STRAND_NAME.test(strand)) return `"${strand}" is not a strand name (a lower-case word)`;
    if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) return `${strand} must be { objectives: [], measures: [] }`;
    for (const key of Object.keys(plan)) {
      if (key !== 'objectives' && key !== 'measures') return `${strand}.${key} is an unknown field`;
    }
    for (const key of ['objectives', 'measures'] as const) {
      const list = (plan as Record<string, unknown>)[key];
      if (!Array.isArray(list)) return `${strand}.${key} must be a list of strings`;
      if (list.length > limits.maxItems) return `${strand}.${key} holds at most ${limits.maxItems} entries`;
      if (!list.every((item) => typeof item === 'string' && item.trim().length > 0 && item.length <= limits.maxItemLength)) {
        return `${strand}.${key} must hold non-empty strings of at most ${limits.maxItemLength} characters`;
      }
    }
  }
  return null;
}

/** The strands of a control strategy priority (their names are checked against the partnership's strands by the domain). */
export function IsStrandPlans(limits: StrandPlansLimits, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isStrandPlans',
      validator: {
        validate: (value) => strandPlansProblem(value, limits) === null,
        defaultMessage: (args) => `${args?.property} ${strandPlansProblem(args?.value, limits)}`,
      },
    },
    options,
  );
}
