import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

interface TransactionContext {
  manager: EntityManager;
  partnershipId: string | null;
}

const storage = new AsyncLocalStorage<TransactionContext>();

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
   * The manager of the current transaction. Outside one, a plain manager
   * with no partnership set: row-level security then shows no partnership rows.
   */
  get manager(): EntityManager {
    return storage.getStore()?.manager ?? this.dataSource.manager;
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
      await setPartnership(manager, partnershipId);
      if (settings.userId) await setTransactionSetting(manager, 'app.user_id', settings.userId);
      return storage.run({ manager, partnershipId }, work);
    });
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

export async function setPartnership(manager: EntityManager, partnershipId: string | null): Promise<void> {
  await manager.query(`SELECT set_config('app.partnership_id', $1, true)`, [partnershipId ?? '']);
}
