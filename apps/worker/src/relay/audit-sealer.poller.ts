import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, CrossPartnershipHost, type AppConfig } from '@app/core';
import { AuditSealer } from '@app/domain/audit';
import { Poller } from './poller';

/**
 * Seals the audit rows appended since the last pass, continuously: for each
 * chain with unsealed rows, one batch per transaction as the worker role
 * (again at once while batches come back full), each batch ending in a
 * signed checkpoint. Any number of workers may run it: a chain another
 * sealer holds is skipped, and a batch that fails (or a worker that dies
 * mid-batch) leaves its rows unsealed for the next pass.
 */
@Injectable()
export class AuditSealerPoller extends Poller {
  protected readonly logger = new Logger('AuditSealer');
  protected readonly messages = { paused: 'audit sealing paused, rows stay unsealed', resumed: 'audit sealing resumed' };
  sealed = 0;

  constructor(
    private readonly crossPartnership: CrossPartnershipHost,
    private readonly sealer: AuditSealer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** One pass over the chains with unsealed rows: a batch each. Returns the rows sealed and whether any batch was full. */
  async sealOnce(): Promise<{ sealed: number; full: boolean }> {
    const batch = this.config.audit.sealBatchSize;
    const chains = await this.crossPartnership.run((m) => this.sealer.unsealedChains(m));
    let sealed = 0;
    let full = false;
    for (const chain of chains) {
      const result = await this.crossPartnership.run((m) => this.sealer.sealChain(m, chain, batch));
      sealed += result.sealed;
      full ||= result.sealed >= batch;
    }
    this.sealed += sealed;
    return { sealed, full };
  }

  protected intervalMs(): number {
    return this.config.audit.sealIntervalMs;
  }

  protected async pass(): Promise<boolean> {
    return (await this.sealOnce()).full;
  }
}
