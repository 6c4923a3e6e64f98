import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@app/core';
import { ENTITIES } from '@app/domain';
import { AuditChainRepository, AuditSealer, AuditSigner } from '@app/domain/audit';
import type { TestApp } from '@app/testing';

const sealers = new WeakMap<TestApp, { ds: DataSource; sealer: AuditSealer }>();

/** What the worker's sealer does, run from a test: as the worker role, with the app's signing key and clock. */
export async function auditSealer(t: TestApp): Promise<{ ds: DataSource; sealer: AuditSealer }> {
  let found = sealers.get(t);
  if (!found) {
    const ds = new DataSource(buildDataSourceOptions(t.config, { role: 'worker', entities: ENTITIES, poolSize: 2, applicationName: 'test-audit-sealer' }));
    await ds.initialize();
    found = { ds, sealer: new AuditSealer(new AuditChainRepository(), t.app.get(AuditSigner, { strict: false }), t.clock) };
    sealers.set(t, found);
  }
  return found;
}

/** Seals every waiting audit row of every chain (batches of `batchSize`); returns how many. */
export async function sealAudit(t: TestApp, batchSize = 1000): Promise<number> {
  const { ds, sealer } = await auditSealer(t);
  let total = 0;
  for (;;) {
    const chains = await ds.transaction((m) => sealer.unsealedChains(m));
    if (!chains.length) return total;
    for (const chain of chains) total += (await ds.transaction((m) => sealer.sealChain(m, chain, batchSize))).sealed;
  }
}

/** Closes the sealer's connections (call before the app closes). */
export async function closeAuditSealer(t: TestApp): Promise<void> {
  await sealers.get(t)?.ds.destroy();
  sealers.delete(t);
}
