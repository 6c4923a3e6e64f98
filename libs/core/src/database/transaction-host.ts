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
  async run<T>(partnershipId: string | null, work: () => Promise<T>): Promise<T> {
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
      return storage.run({ manager, partnershipId }, work);
    });
  }
}

export async function setPartnership(manager: EntityManager, partnershipId: string | null): Promise<void> {
  await manager.query(`SELECT set_config('app.partnership_id', $1, true)`, [partnershipId ?? '']);
}
