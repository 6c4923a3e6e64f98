import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/core';
import { FlagScanRepository, type ScanCounts } from './flag-scan.repository';
import type { ScannerDefinition, ScannerRegistry } from './scanner';
import { timedScan, type ScanTiming } from '../shared/scans';

export const SCANNER_REGISTRY = Symbol('SCANNER_REGISTRY');

export type ScanResult = ScanCounts & ScanTiming;

/**
 * Runs scanners across every partnership as the worker role: one statement
 * and one transaction per kind (see scanSql and FlagScanRepository). Safe to run twice, on two
 * workers at once, or again after a worker died mid-scan: the flags' unique
 * cause key admits one flag per cause and due date, and a scan that never
 * committed left nothing behind.
 */
@Injectable()
export class FlagScanService {
  private readonly logger = new Logger('FlagScan');
  private readonly last = new Map<string, ScanResult & { finishedAt: string }>();

  constructor(
    private readonly repository: FlagScanRepository,
    private readonly clock: Clock,
    @Inject(SCANNER_REGISTRY) private readonly registry: ScannerRegistry,
  ) {}

  kinds(): string[] {
    return this.registry.kinds();
  }

  definition(kind: string): ScannerDefinition {
    const definition = this.registry.get(kind);
    if (!definition) throw new Error(`No scanner for kind "${kind}" (registered: ${this.registry.kinds().join(', ') || 'none'})`);
    return definition;
  }

  async scan(kind: string): Promise<ScanResult> {
    const definition = this.definition(kind);
    const now = this.clock.now();
    const today = this.clock.today();
    const result = await timedScan(this.logger, kind, today, () => this.repository.scan(definition, today, now));
    this.last.set(kind, { ...result, finishedAt: now.toISOString() });
    return result;
  }

  async scanAll(): Promise<ScanResult[]> {
    const results: ScanResult[] = [];
    for (const kind of this.registry.kinds()) results.push(await this.scan(kind));
    return results;
  }

  /** The plan PostgreSQL chooses for a scanner's statement (for the index checks and operators). */
  async explain(kind: string, options: { withoutSeqScan?: boolean } = {}): Promise<string> {
    return this.repository.plan(this.definition(kind), this.clock.today(), this.clock.now(), options.withoutSeqScan ?? false);
  }

  /** The last result of each kind this process scanned (health details). */
  lastResults(): Record<string, ScanResult & { finishedAt: string }> {
    return Object.fromEntries(this.last);
  }
}
