import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid, notFound, versionMismatch, oneRow } from '@app/core';
import { newestCreatedFirst, type CreatedPageRead } from '../shared/keyset';
import { SQL_UUIDV7 } from '../shared/sql';
import type { NominationKind, NominationState } from './intake.constants';

export interface NominationRow {
  id: string;
  partnershipId: string;
  kind: NominationKind;
  state: NominationState;
  windowStart: string;
  windowEnd: string;
  title: string;
  category: string | null;
  location: { lsoaCode?: string | null; wardCode?: string | null; label?: string | null; lat?: number | null; lng?: number | null } | null;
  evidenceCount: number;
  data: Record<string, unknown>;
  referralId: string | null;
  engagementIssueId: string | null;
  description: string | null;
  decidedAt: Date | null;
  decidedByType: string | null;
  decidedById: string | null;
  decisionMeetingId: string | null;
  meetingDecisionId: string | null;
  decisionReason: string | null;
  problemId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NominationFilter extends CreatedPageRead {
  kind?: NominationKind;
  state?: NominationState;
  ids?: string[];
}

export interface NewNomination {
  kind: NominationKind;
  causeKey: string;
  windowStart: string;
  windowEnd: string;
  title: string;
  category: string | null;
  location: NominationRow['location'];
  referralId: string | null;
  engagementIssueId?: string | null;
  description?: string | null;
  data: Record<string, unknown>;
}

export interface DecisionValues {
  state: NominationState;
  decidedByType: string;
  decidedById: string | null;
  meetingId: string;
  meetingDecisionId: string;
  reason: string | null;
  problemId: string | null;
  now: Date;
}

const COLUMNS = `n.id, n.partnership_id AS "partnershipId", n.kind, n.state, to_char(n.window_start, 'YYYY-MM-DD') AS "windowStart",
  to_char(n.window_end, 'YYYY-MM-DD') AS "windowEnd", n.title, n.category, n.location, n.evidence_count AS "evidenceCount", n.data,
  n.referral_id AS "referralId", n.engagement_issue_id AS "engagementIssueId", n.description, n.decided_at AS "decidedAt", n.decided_by_type AS "decidedByType", n.decided_by_id AS "decidedById",
  n.decision_meeting_id AS "decisionMeetingId", n.meeting_decision_id AS "meetingDecisionId", n.decision_reason AS "decisionReason",
  n.problem_id AS "problemId", n.version, n.created_at AS "createdAt", n.updated_at AS "updatedAt"`;

/** Every statement on nominations and their evidence (the scanners' statements are in nomination-scanners.ts). */
@Injectable()
export class NominationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Locks the nomination until the transaction ends: 404 when not the partnership's (or a malformed id), 412 on another version. */
  async lockForChange(partnershipId: string, id: string, expectedVersion?: number): Promise<NominationRow> {
    const row = isUuid(id) ? await this.find(partnershipId, id.toLowerCase(), { lock: true }) : null;
    if (!row) throw notFound('nomination');
    if (expectedVersion !== undefined && expectedVersion !== row.version) throw versionMismatch();
    return row;
  }

  async find(partnershipId: string, id: string, options: { lock?: boolean } = {}): Promise<NominationRow | null> {
    const [row] = await this.tx.manager.query<NominationRow[]>(
      `SELECT ${COLUMNS} FROM nominations n WHERE n.partnership_id = $1 AND n.id = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [partnershipId, id],
    );
    return row ?? null;
  }

  /** Newest first, keyset on (created_at, id). */
  async list(partnershipId: string, f: NominationFilter): Promise<NominationRow[]> {
    const where = ['n.partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    if (f.kind) where.push(`n.kind = $${params.push(f.kind)}`);
    if (f.state) where.push(`n.state = $${params.push(f.state)}`);
    if (f.ids) where.push(`n.id = ANY($${params.push(f.ids)}::uuid[])`);
    const order = newestCreatedFirst('n', f, where, params);
    return this.tx.manager.query<NominationRow[]>(`SELECT ${COLUMNS} FROM nominations n WHERE ${where.join(' AND ')} ${order}`, params);
  }

  /** Open nominations, oldest first (the agenda). */
  async open(partnershipId: string, limit: number): Promise<NominationRow[]> {
    return this.tx.manager.query<NominationRow[]>(
      `SELECT ${COLUMNS} FROM nominations n WHERE n.partnership_id = $1 AND n.state = 'open' ORDER BY n.created_at, n.id LIMIT $2`,
      [partnershipId, limit],
    );
  }

  /** Evidence counts by incident category. */
  async evidenceByCategory(nominationIds: string[]): Promise<Map<string, Record<string, number>>> {
    const out = new Map<string, Record<string, number>>();
    if (!nominationIds.length) return out;
    const rows = await this.tx.manager.query<{ nominationId: string; category: string; n: number }[]>(
      `SELECT ni.nomination_id AS "nominationId", i.category, count(*)::int AS n
         FROM nomination_incidents ni JOIN incidents i ON i.id = ni.incident_id
        WHERE ni.nomination_id = ANY($1::uuid[]) GROUP BY ni.nomination_id, i.category`,
      [nominationIds],
    );
    for (const r of rows) out.set(r.nominationId, { ...(out.get(r.nominationId) ?? {}), [r.category]: r.n });
    return out;
  }

  async evidenceIds(nominationId: string): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `SELECT ni.incident_id AS id FROM nomination_incidents ni JOIN incidents i ON i.id = ni.incident_id
        WHERE ni.nomination_id = $1 ORDER BY i.occurred_on, i.id`,
      [nominationId],
    );
    return rows.map((r) => r.id);
  }

  /** A nomination made by a person's action (a referral, an issue raised at an engagement), in the caller's transaction. */
  async insert(partnershipId: string, n: NewNomination, now: Date): Promise<string> {
    const inserted = await this.tx.manager.query<{ id: string }[]>(
      `INSERT INTO nominations (id, partnership_id, kind, state, cause_key, window_start, window_end, title, category, location, evidence_count, data, referral_id,
                                engagement_issue_id, description, created_at, updated_at)
       VALUES (${SQL_UUIDV7}, $1, $2, 'open', $3, $4, $5, $6, $7, $8, 0, $9, $10, $11, $12, $13, $13) RETURNING id`,
      [
        partnershipId,
        n.kind,
        n.causeKey,
        n.windowStart,
        n.windowEnd,
        n.title,
        n.category,
        n.location ? JSON.stringify(n.location) : null,
        JSON.stringify(n.data),
        n.referralId,
        n.engagementIssueId ?? null,
        n.description ?? null,
        now,
      ],
    );
    return oneRow(inserted, 'the new nomination id').id;
  }

  async decide(id: string, d: DecisionValues): Promise<void> {
    await this.tx.manager.query(
      `UPDATE nominations SET state = $2, decided_at = $3, decided_by_type = $4, decided_by_id = $5, decision_meeting_id = $6, meeting_decision_id = $7,
              decision_reason = $8, problem_id = $9, version = version + 1, updated_at = $3
        WHERE id = $1 AND state = 'open'`,
      [id, d.state, d.now, d.decidedByType, d.decidedById, d.meetingId, d.meetingDecisionId, d.reason, d.problemId],
    );
  }
}
