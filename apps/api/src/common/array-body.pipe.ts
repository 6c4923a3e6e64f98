import { Injectable, type PipeTransform, type Type } from '@nestjs/common';
import { Type as TypeOf } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { createValidationPipe, ValidationProblem } from '@app/core';

/**
 * Validates a JSON array body item by item with the global pipe's rules
 * (whitelist, unknown fields refused, transform), reporting paths such as
 * `[2].status`. For bodies that are a bare array (e.g. PUT .../attendance).
 */
export function ArrayBody<T extends object>(item: Type<T>, options: { maxItems: number }): Type<PipeTransform<unknown, Promise<T[]>>> {
  class Holder {
    items: T[];
  }
  IsArray({ message: 'the body must be a list' })(Holder.prototype, 'items');
  ArrayMaxSize(options.maxItems, { message: `the list holds at most ${options.maxItems} entries` })(Holder.prototype, 'items');
  ValidateNested({ each: true })(Holder.prototype, 'items');
  TypeOf(() => item)(Holder.prototype, 'items');

  @Injectable()
  class ArrayBodyPipe implements PipeTransform<unknown, Promise<T[]>> {
    private readonly pipe = createValidationPipe();

    async transform(value: unknown): Promise<T[]> {
      try {
        const holder = (await this.pipe.transform({ items: value }, { type: 'body', metatype: Holder })) as Holder;
        return holder.items;
      } catch (error) {
        if (!(error instanceof ValidationProblem)) throw error;
        throw new ValidationProblem(error.errors.map((e) => ({ path: e.path === 'items' ? '(body)' : e.path.replace(/^items/, ''), message: e.message })));
      }
    }
  }
  return ArrayBodyPipe;
}
