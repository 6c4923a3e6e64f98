import { Injectable } from '@nestjs/common';
import { CrossPartnershipHost, oneRow } from '@app/core';
import { nominationScanSql, type NominationScannerDefinition } from './nomination-scanners';

/** A scan statement may run this long (ms). */
const SCAN_STATEMENT_TIMEOUT_MS = 300_000;

/**
 * The repeat scanners' statements, run across every partnership by the
 * worker's cross-partnership role: one statement and one transaction per
 * kind, queued on a transaction-scoped advisory lock of the kind.
 */
@Injectable()
export class NominationScansRepository {
  constructor(private readonly db: CrossPartnershipHost) {}

  /** Raises the kind's due nominations; how many were due and how many were raised. */
  async scan(definition: NominationScannerDefinition, today: string, now: Date): Promise<{ due: number; raised: number }> {
    const rows = await this.db.run(async (m) => {
      // Grouped statements over many rows: JIT compilation would cost more than it saves.
      await m.query('SET LOCAL jit = off');
      await m.query(`SET LOCAL statement_timeout = '${SCAN_STATEMENT_TIMEOUT_MS}'`);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('intake.scan.' || $1::text))`, [definition.kind]);
      return m.query<{ due: number; raised: number }[]>(nominationScanSql(definition.sql), [today, definition.kind, now]);
    });
    return oneRow(rows, 'the scan counts');
  }

  /** The plan of the kind's statement, as EXPLAIN prints it. */
  async plan(definition: NominationScannerDefinition, today: string, options: { withoutSeqScan?: boolean; analyze?: boolean } = {}): Promise<string> {
    const rows = await this.db.run(async (m) => {
      await m.query('SET LOCAL jit = off');
      if (options.withoutSeqScan) await m.query('SET LOCAL enable_seqscan = off');
      return m.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${options.analyze ? '(ANALYZE) ' : ''}${definition.sql}`, [today]);
    });
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  }
}
