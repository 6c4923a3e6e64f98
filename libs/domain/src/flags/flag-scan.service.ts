import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, CrossPartnershipHost, oneRow } from '@app/core';
import { scanSql } from './flag-sql';
import type { ScannerDefinition, ScannerRegistry } from './scanner';

export const SCANNER_REGISTRY = Symbol('SCANNER_REGISTRY');

/** A scan statement may run this long (ms); longer than the connection default of 30 s. */
export const SCAN_STATEMENT_TIMEOUT_MS = 300_000;

export interface ScanResult {
  kind: string;
  /** Rows the scanner found due, across every partnership. */
  due: number;
  raised: number;
  resolved: number;
  durationMs: number;
  /** The London date the scan took as today. */
  today: string;
}

/**
 * Runs scanners across every partnership as the worker role: one statement
 * and one transaction per kind (see scanSql). Safe to run twice, on two
 * workers at once, or again after a worker died mid-scan: the flags' unique
 * cause key admits one flag per cause and due date, and a scan that never
 * committed left nothing behind.
 */
@Injectable()
export class FlagScanService {
  private readonly logger = new Logger('FlagScan');
  private readonly last = new Map<string, ScanResult & { finishedAt: string }>();

  constructor(
    private readonly db: CrossPartnershipHost,
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
    const started = process.hrtime.bigint();
    const now = this.clock.now();
    const today = this.clock.today();
    const rows = await this.db.run(async (manager) => {
      await this.tune(manager);
      return manager.query<{ due: number; raised: number; resolved: number }[]>(scanSql(definition.sql), [today, now, definition.kind, definition.subjectType]);
    });
    const result: ScanResult = { kind, ...oneRow(rows, 'the scan counts'), durationMs: Number(process.hrtime.bigint() - started) / 1e6, today };
    this.last.set(kind, { ...result, finishedAt: now.toISOString() });
    this.logger.log(
      `scan kind=${kind} due=${result.due} raised=${result.raised} resolved=${result.resolved} durationMs=${result.durationMs.toFixed(1)} today=${today}`,
    );
    return result;
  }

  async scanAll(): Promise<ScanResult[]> {
    const results: ScanResult[] = [];
    for (const kind of this.registry.kinds()) results.push(await this.scan(kind));
    return results;
  }

  /** The plan PostgreSQL chooses for a scanner's statement (for the index checks and operators). */
  async explain(kind: string, options: { withoutSeqScan?: boolean } = {}): Promise<string> {
    const definition = this.definition(kind);
    const rows = await this.db.run(async (manager) => {
      await this.tune(manager);
      // On small tables a sequential scan is cheaper; this shows whether the index CAN serve the statement.
      if (options.withoutSeqScan) await manager.query('SET LOCAL enable_seqscan = off');
      return manager.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${definition.sql}`, this.paramsFor(definition.sql));
    });
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }

  /**
   * Settings of a scan's transaction. The statement compares two sets (what
   * is due, the open flags of the kind): hash and merge joins do that in
   * linear time, whereas a nested loop chosen on a stale row estimate of
   * `flags` (just filled by the previous scan, not yet analysed) would
   * compare every pair. A scanner whose lookups can only run as a nested
   * loop (a LATERAL subquery, see strategy-scanners.ts) still gets one, but
   * its estimated cost then carries the planner's penalty for a disabled
   * plan type, which would make PostgreSQL JIT-compile the statement (about
   * half a second, for a scan that runs in milliseconds): JIT is off. And a
   * scan over a large table may take longer than the API's statement timeout.
   */
  private async tune(manager: EntityManager): Promise<void> {
    await manager.query('SET LOCAL enable_nestloop = off');
    await manager.query('SET LOCAL jit = off');
    await manager.query(`SET LOCAL statement_timeout = '${SCAN_STATEMENT_TIMEOUT_MS}'`);
  }

  private paramsFor(sql: string): unknown[] {
    const params: unknown[] = [];
    if (/\$1\b/.test(sql) || /\$2\b/.test(sql)) params.push(this.clock.today());
    if (/\$2\b/.test(sql)) params.push(this.clock.now());
    return params;
  }

  /** The last result of each kind this process scanned (health details). */
  lastResults(): Record<string, ScanResult & { finishedAt: string }> {
    return Object.fromEntries(this.last);
  }
}
