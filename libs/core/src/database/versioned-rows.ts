import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { notFound, versionMismatch } from '../errors/domain-error';
import { isUuid } from '../ids/uuid';
import type { TransactionHost } from './transaction-host';

/** `key` as a TypeORM condition, its id in the lower case PostgreSQL prints. */
function whereKey<E>(key: VersionedKey): FindOptionsWhere<E> {
  return { ...key, id: key.id.toLowerCase() } as unknown as FindOptionsWhere<E>;
}

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
    return this.tx.manager.getRepository(this.entity).findOne({ where: whereKey<E>(key), lock: { mode: 'pessimistic_write' } });
  }

  /** The row with `key`, unlocked, or null (also for a malformed id). */
  async find(key: VersionedKey): Promise<E | null> {
    if (!isUuid(key.id)) return null;
    return this.tx.manager.getRepository(this.entity).findOneBy(whereKey<E>(key));
  }

  /** Writes `set` and moves the version by one (and `updatedAt` to now, where the row has it). */
  async bumpVersion(id: string, set: QueryDeepPartialEntity<E> = {}): Promise<void> {
    const manager = this.tx.manager;
    const hasUpdatedAt = manager.connection.getMetadata(this.entity).findColumnWithPropertyName('updatedAt') !== undefined;
    const changes = { ...set, version: () => 'version + 1', ...(hasUpdatedAt ? { updatedAt: () => 'now()' } : {}) } as QueryDeepPartialEntity<E>;
    await manager.createQueryBuilder().update(this.entity).set(changes).where('id = :id', { id }).execute();
  }
}

/**
 * The base of a repository whose aggregate root is a partnership's versioned
 * row: `find`, `lockForChange` and `update` as every such repository has
 * them. The subclass passes its entity and the resource in words, and adds
 * the aggregate's other statements on `tx` (and on `rows`).
 */
export abstract class AggregateRepository<E extends VersionedEntity & { partnershipId: string }> {
  protected readonly rows: VersionedRows<E>;

  protected constructor(
    protected readonly tx: TransactionHost,
    entity: EntityTarget<E>,
    resource: string,
  ) {
    this.rows = new VersionedRows(tx, entity, resource);
  }

  /** The row, or null when the partnership has none with that id (also for a malformed id). */
  find(partnershipId: string, id: string): Promise<E | null> {
    return this.rows.find({ partnershipId, id });
  }

  /**
   * Locks the row until the transaction ends (changes to one aggregate
   * queue): 404 when not the partnership's, 412 when `expectedVersion` is
   * given and is not the current version.
   */
  lockForChange(partnershipId: string, id: string, expectedVersion?: number): Promise<E> {
    return this.rows.lockForChange({ partnershipId, id }, expectedVersion);
  }

  /** Writes `set` and moves the version (the ETag): every change to the aggregate. */
  update(id: string, set: QueryDeepPartialEntity<E> = {}): Promise<void> {
    return this.rows.bumpVersion(id, set);
  }
}
