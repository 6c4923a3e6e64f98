import { Injectable, type PipeTransform } from '@nestjs/common';
import { createValidationPipe, ValidationProblem } from '@app/core';
import { IncidentBatchDto, IncidentInputDto } from './incident.dto';

export interface IncidentPush {
  batch: boolean;
  items: IncidentInputDto[];
}

/** The body of POST incidents: one incident, or `{ items: [...] }`; validated by the global pipe's rules either way. */
@Injectable()
export class IncidentPushPipe implements PipeTransform<unknown, Promise<IncidentPush>> {
  private readonly pipe = createValidationPipe();

  async transform(value: unknown): Promise<IncidentPush> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new ValidationProblem([{ path: '(body)', message: 'the body is one incident, or { items: [...] }' }]);
    }
    if ('items' in value) {
      const batch = (await this.pipe.transform(value, { type: 'body', metatype: IncidentBatchDto })) as IncidentBatchDto;
      return { batch: true, items: batch.items };
    }
    return { batch: false, items: [(await this.pipe.transform(value, { type: 'body', metatype: IncidentInputDto })) as IncidentInputDto] };
  }
}
