import type { Page } from '@app/core/pagination';

/** A page of records as a page of their DTOs (`pageOf(await this.problems.list(...), ProblemSummaryDto.from)`), the cursor as it is. */
export function pageOf<T, D>(page: Page<T>, toDto: (item: T) => D): Page<D> {
  return { items: page.items.map(toDto), nextCursor: page.nextCursor };
}
