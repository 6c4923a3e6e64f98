import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

interface TransactionContext {
  manager: EntityManager;
  partnershipId: string | null;
}

const storage = new AsyncLocalStorage<TransactionContext>();

/**
 * Throws unless the caller is inside `TransactionHost.run()`: for writes
 * (an audit row, an outbox event, a flag) that must commit or roll back
 * with the work they belong to. `what` names the call and that work.
 */
export function requireTransaction(tx: TransactionHost, what: string): void {
  if (!tx.inTransaction) throw new Error(`${what} (TransactionHost.run)`);
}

/**
 * The unit of work for a request or a job: one transaction, with the tenant
 * (the partnership) set for that transaction only through
 * `set_config('app.partnership_id', $1, true)`. Row-level security policies
 * read that setting, so a pooled connection never carries a tenant into the
 * next transaction. Domain services take their EntityManager from here.
 */
@Injectable()
export class TransactionHost {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The manager of the current transaction. Outside one it throws: work
   * that silently ran outside any transaction would lose its atomicity and
   * its tenant (row-level security would show it no partnership rows).
   */
  get manager(): EntityManager {
    const current = storage.getStore();
    if (!current) throw new Error('No transaction is open: run the work inside TransactionHost.run()');
    return current.manager;
  }

  /** The partnership of the current transaction, or null. */
  get partnershipId(): string | null {
    return storage.getStore()?.partnershipId ?? null;
  }

  get inTransaction(): boolean {
    return storage.getStore() !== undefined;
  }

  /**
   * Runs `work` in a transaction scoped to `partnershipId` (null: no tenant).
   * Inside a transaction for the same partnership it joins it; switching
   * partnership inside a transaction is refused rather than silently mixed.
   */
  async run<T>(partnershipId: string | null, work: () => Promise<T>, settings: TransactionSettings = {}): Promise<T> {
    const current = storage.getStore();
    if (current) {
      if (current.partnershipId === partnershipId) return work();
      if (current.partnershipId === null) {
        // Entering a tenant from a tenant-less transaction (e.g. a seed step): narrow it.
        await setPartnership(current.manager, partnershipId);
        try {
          return await storage.run({ manager: current.manager, partnershipId }, work);
        } finally {
          await setPartnership(current.manager, null);
        }
      }
      throw new Error('A transaction cannot switch from one partnership to another');
    }
    return this.dataSource.transaction(async (manager) => {
      await setTenant(manager, partnershipId, settings.userId);
      return storage.run({ manager, partnershipId }, work);
    });
  }

  /**
   * Begins a transaction to be finished later (`finish()`): a request opens
   * it while authenticating, so the lookups behind the principal and the
   * handler's work share one transaction and one connection.
   */
  async begin(): Promise<OpenTransaction> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
    } catch (err) {
      await runner.release();
      throw err;
    }
    return new OpenTransaction(runner);
  }

  /** Runs `work` inside an open transaction (not finishing it). */
  within<T>(open: OpenTransaction, work: () => Promise<T>): Promise<T> {
    if (storage.getStore()) throw new Error('An open transaction is entered outside any other transaction');
    return storage.run({ manager: open.manager, partnershipId: open.partnershipId }, work);
  }

  /** Runs `work` inside an open transaction, then commits it (rolls it back if `work` throws). */
  async finish<T>(open: OpenTransaction, work: () => Promise<T>): Promise<T> {
    open.claimed = true;
    let result: T;
    try {
      result = await this.within(open, work);
    } catch (err) {
      await open.rollback();
      throw err;
    }
    await open.commit();
    return result;
  }
}

/**
 * A transaction begun by `TransactionHost.begin()`. Its tenant was set by
 * whoever began it (`partnershipId` records which); finished exactly once,
 * by commit or rollback, which also returns the connection to the pool.
 */
export class OpenTransaction {
  partnershipId: string | null = null;
  /** The user the transaction acts for (`app.user_id`), or null. */
  userId: string | null = null;
  /** Set once `TransactionHost.finish()` has taken it: only that call finishes it then. */
  claimed = false;
  private finished = false;

  constructor(private readonly runner: QueryRunner) {}

  get manager(): EntityManager {
    return this.runner.manager;
  }

  get isOpen(): boolean {
    return !this.finished;
  }

  async commit(): Promise<void> {
    if (this.finished) throw new Error('The transaction is already finished');
    this.finished = true;
    try {
      await this.runner.commitTransaction();
    } finally {
      await this.runner.release();
    }
  }

  /**
   * Commits what was done so far and begins the next transaction on the
   * same connection, with the same tenant and user: for work that must be
   * visible to other requests before the rest of this one runs (a claimed
   * idempotency key), without taking a second connection from the pool.
   */
  async checkpoint(): Promise<void> {
    if (this.finished) throw new Error('The transaction is already finished');
    try {
      await this.runner.commitTransaction();
      await this.runner.startTransaction();
      await this.runner.manager.query(`SELECT set_config('app.partnership_id', $1, true), set_config('app.user_id', $2, true)`, [
        this.partnershipId ?? '',
        this.userId ?? '',
      ]);
    } catch (err) {
      await this.rollback().catch(() => undefined);
      throw err;
    }
  }

  /** Rolls back unless already finished or claimed by `finish()` (for a request refused before its handler ran). */
  async abandon(): Promise<void> {
    if (!this.claimed) await this.rollback();
  }

  /** Rolls back; does nothing when already finished. */
  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.runner.rollbackTransaction();
    } finally {
      await this.runner.release();
    }
  }
}

export interface TransactionSettings {
  /**
   * The signed-in user: row-level security lets a transaction see that
   * user's own memberships in every partnership (needed to authenticate and
   * to list "my partnerships" before any partnership is chosen).
   */
  userId?: string;
}

/** Sets a per-transaction (`is_local`) setting read by row-level security policies. */
export async function setTransactionSetting(manager: EntityManager, name: `app.${string}`, value: string): Promise<void> {
  await manager.query(`SELECT set_config($1, $2, true)`, [name, value]);
}

/** Sets the tenant and, when given, the signed-in user of the transaction, in one statement. */
export async function setTenant(manager: EntityManager, partnershipId: string | null, userId?: string): Promise<void> {
  if (!userId) return setPartnership(manager, partnershipId);
  await manager.query(`SELECT set_config('app.partnership_id', $1, true), set_config('app.user_id', $2, true)`, [partnershipId ?? '', userId]);
}

export async function setPartnership(manager: EntityManager, partnershipId: string | null): Promise<void> {
  await manager.query(`SELECT set_config('app.partnership_id', $1, true)`, [partnershipId ?? '']);
}
