import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CrossPartnershipHost, oneRow } from '@app/core';
import { scanSql } from './flag-sql';
import type { ScannerDefinition } from './scanner';

/** A scan statement may run this long (ms); longer than the connection default of 30 s. */
export const SCAN_STATEMENT_TIMEOUT_MS = 300_000;

/** What one scan found due across every partnership, and what it raised and resolved. */
export interface ScanCounts {
  /** Rows the scanner found due, across every partnership. */
  due: number;
  raised: number;
  resolved: number;
}

/** One line of a statement's plan. */
interface PlanRow {
  'QUERY PLAN': string;
}

/**
 * The scans' statements, on the cross-partnership connection (the worker
 * role): each runs in a transaction of its own, tuned for set comparisons.
 */
@Injectable()
export class FlagScanRepository {
  constructor(private readonly db: CrossPartnershipHost) {}

  /** Runs a scanner's statement (see scanSql) as of `today` (London) and `now`. */
  async scan(definition: ScannerDefinition, today: string, now: Date): Promise<ScanCounts> {
    const rows = await this.db.run(async (manager) => {
      await tune(manager);
      return manager.query<ScanCounts[]>(scanSql(definition.sql), [today, now, definition.kind, definition.subjectType]);
    });
    return oneRow(rows, 'the scan counts');
  }

  /**
   * The plan PostgreSQL chooses for a scanner's query, with its parameters
   * as of `today` and `now`; `withoutSeqScan` shows whether an index CAN
   * serve it (on small tables a sequential scan is cheaper).
   */
  async plan(definition: ScannerDefinition, today: string, now: Date, withoutSeqScan: boolean): Promise<string> {
    const rows = await this.db.run(async (manager) => {
      await tune(manager);
      if (withoutSeqScan) await manager.query('SET LOCAL enable_seqscan = off');
      return manager.query<PlanRow[]>(`EXPLAIN ${definition.sql}`, paramsFor(definition.sql, today, now));
    });
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }
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
async function tune(manager: EntityManager): Promise<void> {
  await manager.query('SET LOCAL enable_nestloop = off');
  await manager.query('SET LOCAL jit = off');
  await manager.query(`SET LOCAL statement_timeout = '${SCAN_STATEMENT_TIMEOUT_MS}'`);
}

/** A scanner query's parameters: $1 today (London), $2 now, as far as it uses them. */
function paramsFor(sql: string, today: string, now: Date): unknown[] {
  const params: unknown[] = [];
  if (/\$1\b/.test(sql) || /\$2\b/.test(sql)) params.push(today);
  if (/\$2\b/.test(sql)) params.push(now);
  return params;
}
