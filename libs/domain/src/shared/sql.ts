import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { oneRow } from '@app/core';

/**
 * A UUIDv7 computed by PostgreSQL (48-bit Unix milliseconds, version 7, then
 * random bits), for rows that set-based statements insert: keys stay
 * time-ordered like those the application generates with `uuidv7()`.
 * Volatile, so evaluated once per row.
 */
export const SQL_UUIDV7 = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

/** The tables that number a partnership's records without gaps (partnership_id, last_number). */
export type ReferenceCounterTable = 'problem_reference_counters' | 'action_reference_counters' | 'intelligence_source_counters';

/**
 * The partnership's next number from a reference counter. The counter row
 * stays locked until the transaction ends, so numbers are taken one at a
 * time; a rollback gives the number back.
 */
export async function nextReferenceNumber(manager: EntityManager, table: ReferenceCounterTable, partnershipId: string): Promise<number> {
  const rows = await manager.query<{ number: number }[]>(
    `INSERT INTO ${table} (partnership_id, last_number) VALUES ($1, 1)
     ON CONFLICT (partnership_id) DO UPDATE SET last_number = ${table}.last_number + 1, updated_at = now()
     RETURNING last_number AS number`,
    [partnershipId],
  );
  return oneRow(rows, `the next number of ${table}`).number;
}

/**
 * Holds the lock `name` of the partnership until the transaction ends
 * (`pg_advisory_xact_lock`): another transaction taking the same lock waits,
 * so the work it guards (numbering, approving) is done one at a time.
 */
export async function lockInPartnership(manager: EntityManager, name: string, partnershipId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [name, partnershipId]);
}

/**
 * The number after the largest `column` among the rows of `table` whose
 * `parentColumn` is `parentId` (1 when there are none): positions and
 * sequence numbers within a parent. Names come from code, never from input.
 */
export async function nextNumberIn(manager: EntityManager, table: string, column: string, parentColumn: string, parentId: string): Promise<number> {
  const rows = await manager.query<{ next: number }[]>(`SELECT coalesce(max(${column}), 0)::int + 1 AS next FROM ${table} WHERE ${parentColumn} = $1`, [
    parentId,
  ]);
  return oneRow(rows, `the next ${column} of ${table}`).next;
}

/** Whether the partnership has a row of `entity` (a table with a name column) by this name, ignoring case. */
export function nameTakenIn<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, partnershipId: string, name: string): Promise<boolean> {
  return manager
    .getRepository(entity)
    .createQueryBuilder('x')
    .where('x.partnership_id = :partnershipId AND lower(x.name) = lower(:name)', { partnershipId, name })
    .getExists();
}

/**
 * The rows of `entity` whose `parentColumn` is one of `parentIds`, by parent
 * then by the `order` columns; `where` (SQL on the alias `c`) narrows
 * them. No statement is run when there are no parents.
 */
export async function childRowsOf<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  parentColumn: string,
  parentIds: readonly string[],
  order: readonly string[],
  where?: string,
): Promise<E[]> {
  if (!parentIds.length) return [];
  const qb = manager.getRepository(entity).createQueryBuilder('c').where(`c.${parentColumn} = ANY(:parentIds)`, { parentIds });
  if (where) qb.andWhere(where);
  qb.orderBy(`c.${parentColumn}`);
  for (const column of order) qb.addOrderBy(`c.${column}`, 'ASC');
  return qb.getMany();
}
