import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/core';
import { NOMINATION_SCANNERS, type NominationScannerDefinition } from './nomination-scanners';
import { NominationScansRepository } from './nomination-scans.repository';
import { timedScan, type ScanTiming } from '../shared/scans';

export type NominationScanResult = { due: number; raised: number } & ScanTiming;

/**
 * Runs the repeat scanners across every partnership as the worker role,
 * one statement and one transaction per kind. Scans of one kind queue on a
 * transaction-scoped advisory lock, so a second scan's statement sees what
 * the first committed; the unique cause key holds it underneath. Safe to
 * run twice, on two workers at once, or again after a worker died mid-scan.
 */
@Injectable()
export class NominationScanService {
  private readonly logger = new Logger('NominationScan');
  private readonly byKind = new Map<string, NominationScannerDefinition>(NOMINATION_SCANNERS.map((s) => [s.kind, s]));

  constructor(
    private readonly scans: NominationScansRepository,
    private readonly clock: Clock,
  ) {}

  kinds(): string[] {
    return [...this.byKind.keys()];
  }

  definition(kind: string): NominationScannerDefinition {
    const found = this.byKind.get(kind);
    if (!found) throw new Error(`No nomination scanner for kind "${kind}" (registered: ${this.kinds().join(', ')})`);
    return found;
  }

  async scan(kind: string): Promise<NominationScanResult> {
    const definition = this.definition(kind);
    const today = this.clock.today();
    const now = this.clock.now();
    return timedScan(this.logger, kind, today, () => this.scans.scan(definition, today, now));
  }

  async scanAll(): Promise<NominationScanResult[]> {
    const out: NominationScanResult[] = [];
    for (const kind of this.kinds()) out.push(await this.scan(kind));
    return out;
  }

  /** The plan of a scanner's statement (the index checks and the benchmarks). */
  explain(kind: string, options: { withoutSeqScan?: boolean; analyze?: boolean } = {}): Promise<string> {
    return this.scans.plan(this.definition(kind), this.clock.today(), options);
  }
}
