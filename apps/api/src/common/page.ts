import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '@app/core/pagination';

/** A page of records as a page of their DTOs (`pageOf(await this.problems.list(...), ProblemSummaryDto.from)`), the cursor as it is. */
export function pageOf<T, D>(page: Page<T>, toDto: (item: T) => D): Page<D> {
  return { items: page.items.map(toDto), nextCursor: page.nextCursor };
}

/**
 * The response DTO of a page of `item`s: `export class ProblemPageDto extends PageDto(ProblemSummaryDto) {}`.
 * The subclass names the schema; its own properties follow `items` and `nextCursor`.
 */
export function PageDto<T>(item: Type<T>) {
  abstract class PageOfItems implements Page<T> {
    @ApiProperty({ type: () => [item] }) items: T[];
    @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  }
  return PageOfItems;
}
