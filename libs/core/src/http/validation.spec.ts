import { describe, expect, it } from '@jest/globals';
import type { ArgumentMetadata } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ValidationProblem } from './problems';
import { createValidationPipe } from './validation';

class ListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number = 50;

  @IsOptional()
  @IsString({ each: true })
  stages?: string[] = ['scanning'];
}

class SearchQuery {
  @IsString()
  q!: string;
}

const query = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'query', metatype, data: undefined });

async function refusal(work: Promise<unknown>): Promise<ValidationProblem> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ValidationProblem) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('the validation pipe, on an empty query', () => {
  it('gives the DTO with its defaults, a fresh copy each time', async () => {
    const pipe = createValidationPipe();
    const first = (await pipe.transform({}, query(ListQuery))) as ListQuery;
    first.stages!.push('analysis');
    first.limit = 7;
    const second = (await pipe.transform({}, query(ListQuery))) as ListQuery;

    expect(second).toBeInstanceOf(ListQuery);
    expect(second).not.toBe(first);
    expect({ ...second }).toEqual({ limit: 50, stages: ['scanning'] });
  });

  it('refuses an empty query the same way every time when a field is required', async () => {
    const pipe = createValidationPipe();
    const first = await refusal(pipe.transform({}, query(SearchQuery)));
    const second = await refusal(pipe.transform(Object.create(null) as object, query(SearchQuery)));

    expect(first.errors).toEqual([{ path: 'q', message: 'q must be a string' }]);
    expect(second.errors).toEqual(first.errors);
    expect(second).not.toBe(first);
  });

  it('still validates a query that is not empty', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({}, query(ListQuery));

    expect(((await pipe.transform({ limit: '20' }, query(ListQuery))) as ListQuery).limit).toBe(20);
    expect((await refusal(pipe.transform({ limit: '500' }, query(ListQuery)))).errors).toEqual([
      { path: 'limit', message: 'limit must not be greater than 100' },
    ]);
    expect((await refusal(pipe.transform({ other: 'x' }, query(ListQuery)))).errors).toEqual([{ path: 'other', message: 'unknown field' }]);
  });
});
