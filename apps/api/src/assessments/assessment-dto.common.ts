import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ASSESSMENT_LIMITS, RISK_SCALE_MAX, RISK_SCALE_MIN } from '@app/domain/assessments';
import { IsOptionalNotNull } from '../common/validators';

const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

export const TEXT = ASSESSMENT_LIMITS.text;
export const ITEM = ASSESSMENT_LIMITS.listItem;
const ITEMS = ASSESSMENT_LIMITS.listItems;
export const RISK = { minimum: RISK_SCALE_MIN, maximum: RISK_SCALE_MAX };

// ---- inputs ---------------------------------------------------------------

const textListDescription = (description: string) => `${description} At most ${ITEMS} entries of 1-${ITEM} characters.`;

/** The documentation of a TextList alone (with its limits): for a change DTO that keeps the rules of its create DTO. */
export function TextListDoc(description: string, example: string[]): PropertyDecorator {
  return ApiPropertyOptional({
    description: textListDescription(description),
    example,
    type: 'array',
    items: { type: 'string', maxLength: ITEM },
    maxItems: ITEMS,
  });
}

/** A list of short texts (intelligence requirement, data sources, authors). */
export function TextList(description: string, example: string[]): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [String], description: textListDescription(description), example })(target, key);
    Transform(trimEach)(target, key);
    IsOptionalNotNull()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(ITEMS)(target, key);
    IsString({ each: true })(target, key);
    MinLength(1, { each: true })(target, key);
    MaxLength(ITEM, { each: true })(target, key);
  };
}

export function PesteloHeading(heading: string, example?: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, nullable: true, maxLength: TEXT, description: `The ${heading} horizon: free text; null clears it.`, example })(
      target,
      key,
    );
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(TEXT)(target, key);
  };
}

export function Score(what: 'impact' | 'likelihood', optional: boolean): PropertyDecorator {
  return (target, key) => {
    const doc = {
      ...RISK,
      type: Number,
      description: `${what === 'impact' ? 'Impact (harm)' : 'Likelihood'} on the 1-4 grid; riskScore = impact x likelihood.`,
    };
    (optional ? ApiPropertyOptional(doc) : ApiProperty(doc))(target, key);
    if (optional) IsOptionalNotNull()(target, key);
    IsInt()(target, key);
    Min(RISK_SCALE_MIN)(target, key);
    Max(RISK_SCALE_MAX)(target, key);
  };
}

export function ChangeList<T>(type: new () => T, description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [type], description })(target, key);
    IsOptionalNotNull()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(ASSESSMENT_LIMITS.priorities)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(() => type)(target, key);
  };
}
