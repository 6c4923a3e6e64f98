import { Injectable, Logger } from '@nestjs/common';
import { Clock, CrossPartnershipHost } from '@app/core';
import { NOMINATION_SCANNERS, nominationScanSql, type NominationScannerDefinition } from './nomination-scanners';

export interface NominationScanResult {
  kind: string;
  due: number;
  raised: number;
  durationMs: number;
  today: string;
}

/** A scan statement may run this long (ms). */
const SCAN_STATEMENT_TIMEOUT_MS = 300_000;

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
    private readonly db: CrossPartnershipHost,
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
    const started = process.hrtime.bigint();
    const today = this.clock.today();
    const now = this.clock.now();
    const [counts] = await this.db.run(async (m) => {
      await m.query('SET LOCAL jit = off');
      await m.query(`SET LOCAL statement_timeout = '${SCAN_STATEMENT_TIMEOUT_MS}'`);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('intake.scan.' || $1::text))`, [kind]);
      return m.query<{ due: number; raised: number }[]>(nominationScanSql(definition.sql), [today, kind, now]);
    });
    const result = { kind, ...counts, durationMs: Number(process.hrtime.bigint() - started) / 1e6, today };
    this.logger.log(`scan kind=${kind} due=${result.due} raised=${result.raised} durationMs=${result.durationMs.toFixed(1)} today=${today}`);
    return result;
  }

  async scanAll(): Promise<NominationScanResult[]> {
    const out: NominationScanResult[] = [];
    for (const kind of this.kinds()) out.push(await this.scan(kind));
    return out;
  }

  /** The plan of a scanner's statement (the index checks and the benchmarks). */
  async explain(kind: string, options: { withoutSeqScan?: boolean; analyze?: boolean } = {}): Promise<string> {
    const definition = this.definition(kind);
    const rows = await this.db.run(async (m) => {
      await m.query('SET LOCAL jit = off');
      if (options.withoutSeqScan) await m.query('SET LOCAL enable_seqscan = off');
      return m.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${options.analyze ? '(ANALYZE) ' : ''}${definition.sql}`, [this.clock.today()]);
    });
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }
}
