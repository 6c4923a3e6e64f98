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

/** Where a page ordered by (created_at, id) resumes: the cursor's position as a repository takes it, or undefined for the first page. */
export function createdAfter(cursor: string | undefined): { createdAt: string; id: string } | undefined {
  const after = decodeCursor(cursor);
  return after ? { createdAt: String(after.k), id: after.id } : undefined;
}

/** The keyset position of a row in a page ordered by (created_at, id): `toPage`'s `keyOf` for such pages. */
export function createdKey(row: { createdAt: Date; id: string }): KeysetPosition {
  return { k: row.createdAt.toISOString(), id: row.id };
}
