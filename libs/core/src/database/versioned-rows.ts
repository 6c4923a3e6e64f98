import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { notFound, versionMismatch } from '../errors/domain-error';
import { isUuid } from '../ids/uuid';
import type { TransactionHost } from './transaction-host';

/** A row changed under optimistic concurrency: `version` is its ETag. */
export interface VersionedEntity extends ObjectLiteral {
  id: string;
  version: number;
}

/** How a versioned row is found: its id, and usually its partnership. */
export type VersionedKey = { id: string } & Record<string, string>;

/**
 * The versioned row of an aggregate, as every change handles it: find it by
 * key and lock it until the transaction ends (changes to one aggregate
 * queue), refusing with 404 when the id is not a UUID or names no row the
 * key allows and with 412 when If-Match named another version; then write
 * the change and move the version.
 */
export class VersionedRows<E extends VersionedEntity> {
  constructor(
    private readonly tx: TransactionHost,
    private readonly entity: EntityTarget<E>,
    /** The resource in words, for the 404 ("The tasking group does not exist."). */
    private readonly resource: string,
  ) {}

  /**
   * `SELECT ... FOR UPDATE` of the row with `key` (e.g. `{ partnershipId, id }`);
   * 404 when there is none, 412 when `expectedVersion` is given and is not
   * the current version.
   */
  async lockForChange(key: VersionedKey, expectedVersion?: number): Promise<E> {
    const found = await this.lock(key);
    if (!found) throw notFound(this.resource);
    if (expectedVersion !== undefined && expectedVersion !== found.version) throw versionMismatch();
    return found;
  }

  /** The row with `key`, locked until the transaction ends, or null (also for a malformed id). */
  async lock(key: VersionedKey): Promise<E | null> {
    if (!isUuid(key.id)) return null;
    const where = { ...key, id: key.id.toLowerCase() } as unknown as FindOptionsWhere<E>;
    return this.tx.manager.getRepository(this.entity).findOne({ where, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes `set` and moves the version by one (and `updatedAt` to now, where the row has it). */
  async bumpVersion(id: string, set: QueryDeepPartialEntity<E> = {}): Promise<void> {
    const manager = this.tx.manager;
    const hasUpdatedAt = manager.connection.getMetadata(this.entity).findColumnWithPropertyName('updatedAt') !== undefined;
    const changes = { ...set, version: () => 'version + 1', ...(hasUpdatedAt ? { updatedAt: () => 'now()' } : {}) } as QueryDeepPartialEntity<E>;
    await manager.createQueryBuilder().update(this.entity).set(changes).where('id = :id', { id }).execute();
  }
}
