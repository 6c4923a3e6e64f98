import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { CreatedPosition } from '@app/core/pagination';

/** A page of a list ordered by creation: where it resumes, and how many rows to read. */
export interface CreatedPageRead {
  after?: CreatedPosition;
  limit: number;
}

/**
 * The newest-first order on (created_at, id) of a raw SQL list, with `alias`
 * the table's alias (null: none): adds the keyset condition for `page.after`
 * to `where`, its values to `params`, and gives the ORDER BY and LIMIT that
 * end the statement.
 */
export function newestCreatedFirst(alias: string | null, page: CreatedPageRead, where: string[], params: unknown[]): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  if (page.after) {
    params.push(page.after.createdAt, page.after.id);
    where.push(`(${column('created_at')}, ${column('id')}) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(page.limit);
  return `ORDER BY ${column('created_at')} DESC, ${column('id')} DESC LIMIT $${params.length}`;
}

/** The keyset order of a list: its sort column (with the SQL type its key is compared as, when the key needs one) and direction; the id breaks ties. */
interface KeysetSort {
  column: string;
  type?: string;
  order: 'ASC' | 'DESC';
}

/**
 * Ends a TypeORM list query with its keyset order: the rows after `after`
 * (the sort key and id of the last row seen; undefined for the first page)
 * in (`sort.column`, id) order, `limit` at most.
 */
export function keysetRows<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  sort: KeysetSort,
  after: { key: string | number; id: string } | undefined,
  limit: number,
): Promise<E[]> {
  const column = `${qb.alias}.${sort.column}`;
  if (after) {
    const key = sort.type ? `:afterKey::${sort.type}` : ':afterKey';
    qb.andWhere(`(${column}, ${qb.alias}.id) ${sort.order === 'ASC' ? '>' : '<'} (${key}, :afterId::uuid)`, { afterKey: after.key, afterId: after.id });
  }
  return qb.orderBy(column, sort.order).addOrderBy(`${qb.alias}.id`, sort.order).limit(limit).getMany();
}
