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
