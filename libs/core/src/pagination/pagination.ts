import { lastOf } from '../rows';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationProblem } from '../http/problems';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=`; every list endpoint's query DTO extends this. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: "Opaque cursor from the previous page's nextCursor." })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the sort key of the last row seen, then its id. */
export interface KeysetPosition {
  k: string | number;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | undefined {
  if (!cursor) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as KeysetPosition;
    if (value && (typeof value.k === 'string' || typeof value.k === 'number') && typeof value.id === 'string') return value;
  } catch {
    // fall through
  }
  throw new ValidationProblem([{ path: 'cursor', message: 'cursor is not valid' }]);
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only tells
 * whether another page exists.
 */
export function toPage<R, T>(rows: R[], limit: number, keyOf: (row: R) => KeysetPosition, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const slice = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: slice.map(map),
    nextCursor: hasMore && slice.length ? encodeCursor(keyOf(lastOf(slice))) : null,
  };
}

export function pageLimit(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/** Where a page ordered by (created_at, id) resumes, as a repository takes it. */
export interface CreatedPosition {
  createdAt: string;
  id: string;
}

/** The keyset position of a row in a page ordered by (created_at, id): `toPage`'s `keyOf` for such pages. */
export function createdKey(row: { createdAt: Date; id: string }): KeysetPosition {
  return { k: row.createdAt.toISOString(), id: row.id };
}

/**
 * One page of a keyset-paginated list: `read` is given where the page resumes
 * (the cursor's position; undefined for the first page) and how many rows to
 * read, one more than the page (the extra row only tells whether another page
 * exists); `keyOf` and `map` are `toPage`'s.
 */
export async function readPage<R, T>(
  query: PageQueryDto,
  read: (after: KeysetPosition | undefined, take: number) => Promise<R[]>,
  keyOf: (row: R) => KeysetPosition,
  map: (row: R) => T,
): Promise<Page<T>> {
  const limit = pageLimit(query);
  const rows = await read(decodeCursor(query.cursor), limit + 1);
  return toPage(rows, limit, keyOf, map);
}

/** `readPage` for a list ordered by (created_at, id): `read` is given the position as a repository takes it. */
export function readCreatedPage<R extends { createdAt: Date; id: string }, T>(
  query: PageQueryDto,
  read: (after: CreatedPosition | undefined, take: number) => Promise<R[]>,
  map: (row: R) => T,
): Promise<Page<T>> {
  return readPage(query, (after, take) => read(after && { createdAt: String(after.k), id: after.id }, take), createdKey, map);
}
