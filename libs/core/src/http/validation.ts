import { type ArgumentMetadata, type Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { FieldError, MAX_LISTED_ERRORS, ValidationProblem } from './problems';

function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const path = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      path,
      message: message.startsWith('property ') && message.endsWith(' should not exist') ? 'unknown field' : message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], path)];
  });
}

/** The swagger property metadata key (@nestjs/swagger's DECORATORS.API_MODEL_PROPERTIES). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

interface PropertyRules {
  /** Null is accepted only where the property is documented `nullable` or is required (then validators judge it). */
  nullRefused: boolean;
  arrayMaxSize?: number;
  nested?: () => Type<unknown>;
  /** `@ValidateNested({ each: true })`: a list of nested objects (else one object). */
  nestedEach?: boolean;
}

/** A list where objects are expected, longer than this, is answered by the screen alone (validating it element by element is the cost to avoid). */
const MISPLACED_LIST_LIMIT = 100;

const rulesCache = new Map<Type<unknown>, Map<string, PropertyRules>>();

/** What class-validator knows of a class's properties, its parents' included, per property (the screen and the OpenAPI limits both read it). */
export function validationsByProperty(target: abstract new (...args: never[]) => unknown): Map<string, ValidationMetadata[]> {
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  }
  return byProperty;
}

/** What the screen needs to know about a DTO's properties, from class-validator, class-transformer and swagger metadata. */
function rulesOf(metatype: Type<unknown>): Map<string, PropertyRules> {
  const cached = rulesCache.get(metatype);
  if (cached) return cached;
  const rules = new Map<string, PropertyRules>();
  for (const [property, list] of validationsByProperty(metatype)) {
    const optional = list.some((m) => m.name === 'isOptional');
    const swagger = Reflect.getMetadata(API_MODEL_PROPERTIES, metatype.prototype as object, property) as { nullable?: boolean } | undefined;
    const maxSize = list.find((m) => m.name === 'arrayMaxSize' && !m.each)?.constraints?.[0] as number | undefined;
    const nested = list.some((m) => m.type === 'nestedValidation');
    const nestedEach = list.some((m) => m.type === 'nestedValidation' && m.each === true);
    const typeFn = nested ? defaultMetadataStorage.findTypeMetadata(metatype, property)?.typeFunction : undefined;
    rules.set(property, {
      nullRefused: optional && swagger !== undefined && swagger.nullable !== true,
      arrayMaxSize: typeof maxSize === 'number' ? maxSize : undefined,
      nested: typeFn ? () => typeFn() as Type<unknown> : undefined,
      nestedEach,
    });
  }
  rulesCache.set(metatype, rules);
  return rules;
}

function isDtoClass(metatype: unknown): metatype is Type<unknown> {
  return typeof metatype === 'function' && ![String, Boolean, Number, Array, Object].includes(metatype as never);
}

/**
 * Checks a plain value against a DTO's declared properties before
 * class-transformer and class-validator run: unknown fields, `null` where the
 * property is not nullable, and lists longer than their `@ArrayMaxSize`.
 * The work is linear in the input and stops counting details once enough are
 * listed, so a body of 90,000 unknown keys costs milliseconds, not seconds
 * (class-validator's whitelist grows faster than linearly with them).
 */
export interface ScreenResult {
  errors: FieldError[];
  more: number;
  /** A list over its maximum was found: validating it element by element is work to avoid. */
  oversized: boolean;
}

export function screenAgainstDto(value: unknown, metatype: Type<unknown>, path = ''): ScreenResult {
  const errors: FieldError[] = [];
  let more = 0;
  let oversized = false;
  const report = (where: string, message: string): void => {
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ path: where || '(body)', message });
    else more += 1;
  };
  const stack: Array<{ value: unknown; type: Type<unknown>; path: string }> = [{ value, type: metatype, path }];
  const misplacedList = (where: string, list: unknown[]): void => {
    report(where, 'must be an object, not a list');
    if (list.length > MISPLACED_LIST_LIMIT) oversized = true;
  };
  while (stack.length) {
    const item = stack.pop()!;
    if (Array.isArray(item.value)) {
      if (item.path) misplacedList(item.path, item.value);
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    const rules = rulesOf(item.type);
    if (!rules.size) continue; // a class without validation metadata: nothing to screen
    for (const [key, field] of Object.entries(item.value as Record<string, unknown>)) {
      const where = item.path ? `${item.path}.${key}` : key;
      const rule = rules.get(key);
      if (!rule) {
        report(where, 'unknown field');
        continue;
      }
      if (field === null && rule.nullRefused) {
        report(where, `${key} must not be null (leave it out instead)`);
        continue;
      }
      if (Array.isArray(field) && rule.arrayMaxSize !== undefined && field.length > rule.arrayMaxSize) {
        report(where, `${key} holds at most ${rule.arrayMaxSize} entries`);
        oversized = true;
        continue;
      }
      if (rule.nested && field !== null && typeof field === 'object') {
        const type = rule.nested();
        if (!isDtoClass(type)) continue;
        if (Array.isArray(field) && !rule.nestedEach) misplacedList(where, field);
        else if (Array.isArray(field)) field.forEach((element, i) => stack.push({ value: element, type, path: `${where}[${i}]` }));
        else stack.push({ value: field, type, path: where });
      }
    }
  }
  return { errors, more, oversized };
}

/**
 * The global pipe: whitelist, reject unknown fields, transform to DTO
 * classes; screened first (see screenAgainstDto) so validation work stays
 * bounded; at most MAX_LISTED_ERRORS errors listed, the rest counted.
 */
class BoundedValidationPipe extends ValidationPipe {
  /**
   * What an empty query string comes to, by DTO: the same every time (its
   * defaults, or the same refusal), so it is worked out once. Most reads
   * carry no query, and class-transformer and class-validator are a
   * noticeable part of such a request's work.
   */
  private readonly emptyQueries = new Map<Type<unknown>, { instance: object } | { errors: FieldError[] }>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.type === 'query' && isDtoClass(metatype) && isEmptyObject(value)) return this.emptyQuery(metatype, metadata);
    if (
      (metadata.type === 'body' || metadata.type === 'query') &&
      isDtoClass(metatype) &&
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      const screened = screenAgainstDto(value, metatype);
      // Many errors, or a list too long to walk: answer from the screen alone.
      if (screened.oversized || screened.more > 0) throw new ValidationProblem(screened.errors, undefined, screened.more);
      // A few: class-validator's work is small, and its errors complete the list.
      if (screened.errors.length) {
        let found: FieldError[] = [];
        try {
          await super.transform(value, metadata);
        } catch (error) {
          if (!(error instanceof ValidationProblem)) throw error;
          found = error.errors;
        }
        const seen = new Set(found.map((e) => e.path));
        throw new ValidationProblem([...found, ...screened.errors.filter((e) => !seen.has(e.path))]);
      }
    }
    return super.transform(value, metadata);
  }

  private async emptyQuery(metatype: Type<unknown>, metadata: ArgumentMetadata): Promise<unknown> {
    let outcome = this.emptyQueries.get(metatype);
    if (!outcome) {
      try {
        outcome = { instance: (await super.transform({}, metadata)) as object };
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error;
        outcome = { errors: error.errors };
      }
      this.emptyQueries.set(metatype, outcome);
    }
    if ('errors' in outcome) throw new ValidationProblem(outcome.errors);
    // A copy each time (with copies of any default lists or dates), so no handler sees another's changes.
    return Object.assign(Object.create(Object.getPrototypeOf(outcome.instance) as object) as object, structuredClone({ ...outcome.instance }));
  }
}

function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

export function createValidationPipe(): ValidationPipe {
  return new BoundedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationProblem(toFieldErrors(errors)),
  });
}
