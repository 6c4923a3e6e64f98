import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { Refusal } from '../errors/domain-error';
import { REFUSAL_STATUS } from './problem.filter';

/**
 * Documents the refusals a route can give, from their catalogue entries: one
 * response per status, listing each refusal's code (the problem `type`'s last
 * segment) and summary. The problem details filter answers the same entries
 * with the same statuses, so what is documented is what is sent.
 */
export function Refuses(...refusals: Refusal[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, Refusal[]>();
  for (const refusal of refusals) {
    const status = REFUSAL_STATUS[refusal.kind];
    const list = byStatus.get(status) ?? [];
    if (!list.some((r) => r.code === refusal.code)) list.push(refusal);
    byStatus.set(status, list);
  }
  return applyDecorators(
    ...[...byStatus.entries()].map(([status, list]) => ApiResponse({ status, description: list.map((r) => `\`${r.code}\`: ${r.summary}`).join('\n\n') })),
  );
}
