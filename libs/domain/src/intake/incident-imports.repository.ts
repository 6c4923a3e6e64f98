import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import { newestCreatedFirst, type CreatedPageRead } from '../shared/keyset';
import type { ImportFormat, ImportState } from './intake.constants';
import type { FileFault } from './import-rows';

export interface ImportCounts {
  read: number;
  added: number;
  updated: number;
  alreadyHeld: number;
  outsideArea: number;
  rejected: number;
}

export interface ImportRow {
  id: string;
  partnershipId: string;
  format: ImportFormat;
  state: ImportState;
  routed: boolean;
  contentHash: string;
  sizeBytes: string;
  rowsRead: number;
  added: number;
  alreadyHeld: number;
  outsideArea: number;
  rejected: number;
  rejections: FileFault[];
  failure: string | null;
  requestedByType: string;
  requestedById: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, partnership_id AS "partnershipId", format, state, routed, content_hash AS "contentHash", size_bytes AS "sizeBytes", rows_read AS "rowsRead",
  added, already_held AS "alreadyHeld", outside_area AS "outsideArea", rejected, rejections, failure, requested_by_type AS "requestedByType",
  requested_by_id AS "requestedById", started_at AS "startedAt", finished_at AS "finishedAt", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Every statement on incident imports. */
@Injectable()
export class IncidentImportsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(row: {
    id: string;
    partnershipId: string;
    format: ImportFormat;
    routed: boolean;
    contentHash: string;
    sizeBytes: number;
    requestedByType: string;
    requestedById: string;
    now: Date;
  }): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO incident_imports (id, partnership_id, format, state, routed, content_hash, size_bytes, requested_by_type, requested_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $9)`,
      [row.id, row.partnershipId, row.format, row.routed, row.contentHash, row.sizeBytes, row.requestedByType, row.requestedById, row.now],
    );
  }

  async find(partnershipId: string, id: string): Promise<ImportRow | null> {
    const [row] = await this.tx.manager.query<ImportRow[]>(`SELECT ${COLUMNS} FROM incident_imports WHERE partnership_id = $1 AND id = $2`, [
      partnershipId,
      id,
    ]);
    return row ?? null;
  }

  async list(partnershipId: string, page: CreatedPageRead): Promise<ImportRow[]> {
    const where = ['partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    const order = newestCreatedFirst(null, page, where, params);
    return this.tx.manager.query<ImportRow[]>(`SELECT ${COLUMNS} FROM incident_imports WHERE ${where.join(' AND ')} ${order}`, params);
  }

  /** Waits for the transaction that created the import to end (it holds the same lock until it commits). */
  async waitForCreation(id: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('intake.import.create.' || $1::text))`, [id]);
  }

  /** Held by the creating transaction: a worker that picks the job up first waits for the commit. */
  async lockForCreation(id: string): Promise<void> {
    await this.waitForCreation(id);
  }

  /**
   * The right to run the import, until the transaction ends; false while
   * another worker runs it (a job BullMQ took for stalled and handed out
   * again while the first run goes on).
   */
  async tryLockRun(id: string): Promise<boolean> {
    const rows = await this.tx.manager.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock(hashtext('intake.import.run.' || $1::text)) AS locked`, [
      id,
    ]);
    return oneRow(rows, 'the run lock answer').locked;
  }

  async markRunning(id: string, now: Date): Promise<boolean> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `UPDATE incident_imports SET state = 'running', started_at = coalesce(started_at, $2), updated_at = $2, rows_read = 0
        WHERE id = $1 AND state IN ('queued', 'running') RETURNING id`,
      [id, now],
    );
    return rows.length > 0;
  }

  async finish(id: string, state: 'completed' | 'failed', counts: ImportCounts, rejections: FileFault[], failure: string | null, now: Date): Promise<void> {
    await this.tx.manager.query(
      `UPDATE incident_imports SET state = $2, rows_read = $3, added = $4, already_held = $5, outside_area = $6, rejected = $7, rejections = $8,
              failure = $9, finished_at = $10, updated_at = $10
        WHERE id = $1`,
      [
        id,
        state,
        counts.read,
        counts.added + counts.updated,
        counts.alreadyHeld,
        counts.outsideArea,
        counts.rejected,
        JSON.stringify(rejections),
        failure,
        now,
      ],
    );
  }
}
