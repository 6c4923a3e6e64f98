import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import type { EntityManager } from 'typeorm';
import type { ProblemStage } from '../problems';
import type { PackState } from './meeting-pack.entity';

export interface PackRow {
  meetingId: string;
  partnershipId: string;
  state: PackState;
  requestedAt: Date;
  builtAt: Date | null;
  builtForStatus: string | null;
  builds: number;
}

/** What a problem on the agenda still needs before its next stage (names of the missing things; no content). */
export interface ProblemNeedsRow {
  id: string;
  stage: ProblemStage;
  hasDescription: boolean;
  locations: number;
  hasAnalysis: boolean;
  sidesAnalysed: boolean;
  hasBaseline: boolean;
  activeResponses: number;
  plannedAssessmentDate: string | null;
  hasEvaluation: boolean;
}

const PACK_COLUMNS = `meeting_id AS "meetingId", partnership_id AS "partnershipId", state, requested_at AS "requestedAt", built_at AS "builtAt",
  built_for_status AS "builtForStatus", builds`;

/** Every query on meeting_packs, and the facts a pack reads about the problems on its agenda. */
@Injectable()
export class MeetingPacksRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Asks for a (re)build: the row is queued again; a built pack stays readable meanwhile. */
  async request(partnershipId: string, meetingId: string, at: Date): Promise<PackRow> {
    const manager = this.tx.manager;
    const rows = await manager.query<PackRow[]>(
      `INSERT INTO meeting_packs (meeting_id, partnership_id, state, requested_at) VALUES ($1, $2, 'queued', $3)
       ON CONFLICT (meeting_id) DO UPDATE SET state = 'queued', requested_at = EXCLUDED.requested_at, updated_at = now()
       RETURNING ${PACK_COLUMNS}`,
      [meetingId, partnershipId, at],
    );
    return oneRow(rows, 'the meeting pack row');
  }

  async find(partnershipId: string, meetingId: string): Promise<PackRow | null> {
    const manager = this.tx.manager;
    const [row] = await manager.query<PackRow[]>(`SELECT ${PACK_COLUMNS} FROM meeting_packs WHERE partnership_id = $1 AND meeting_id = $2`, [
      partnershipId,
      meetingId,
    ]);
    return row ?? null;
  }

  async document(partnershipId: string, meetingId: string, format: 'pdf' | 'html'): Promise<Buffer | string | null> {
    const manager = this.tx.manager;
    const [row] = await manager.query<{ doc: Buffer | string | null }[]>(
      `SELECT ${format === 'pdf' ? 'pdf' : 'html'} AS doc FROM meeting_packs WHERE partnership_id = $1 AND meeting_id = $2`,
      [partnershipId, meetingId],
    );
    return row?.doc ?? null;
  }

  /**
   * Packs to build, across every partnership (the worker's cross-partnership
   * role): those asked for (ix_meeting_packs_queued), and those of open
   * meetings whose pack was not built while open (a meeting opens once).
   */
  pending(limit: number, manager: EntityManager = this.tx.manager): Promise<{ meetingId: string; partnershipId: string }[]> {
    return manager.query(
      `(SELECT meeting_id AS "meetingId", partnership_id AS "partnershipId" FROM meeting_packs WHERE state = 'queued' ORDER BY requested_at LIMIT $1)
       UNION
       (SELECT m.id, m.partnership_id FROM meetings m LEFT JOIN meeting_packs p ON p.meeting_id = m.id
         WHERE m.status = 'open' AND (p.meeting_id IS NULL OR p.built_for_status IS DISTINCT FROM 'open') LIMIT $1)`,
      [limit],
    );
  }

  /**
   * Stores a build. The row stays queued when another request came after the
   * one this build answered (`requestedBefore`), so that request gets its
   * build too; a second build of the same request writes the same row again.
   */
  async store(input: {
    partnershipId: string;
    meetingId: string;
    pdf: Buffer;
    html: string;
    builtForStatus: string;
    builtAt: Date;
    requestedBefore: Date;
  }): Promise<void> {
    await this.tx.manager.query(
      `INSERT INTO meeting_packs (meeting_id, partnership_id, state, requested_at, built_at, built_for_status, pdf, html, builds)
       VALUES ($1, $2, 'ready', $3, $4, $5, $6, $7, 1)
       ON CONFLICT (meeting_id) DO UPDATE SET
         state = CASE WHEN meeting_packs.requested_at > $3 THEN 'queued' ELSE 'ready' END,
         built_at = EXCLUDED.built_at, built_for_status = EXCLUDED.built_for_status,
         pdf = EXCLUDED.pdf, html = EXCLUDED.html, builds = meeting_packs.builds + 1, updated_at = now()`,
      [input.meetingId, input.partnershipId, input.requestedBefore, input.builtAt, input.builtForStatus, input.pdf, input.html],
    );
  }

  /** For each problem, whether it holds what its next stage needs (counts and booleans only, never the text). */
  problemNeeds(partnershipId: string, problemIds: readonly string[]): Promise<ProblemNeedsRow[]> {
    const manager = this.tx.manager;
    if (problemIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT p.id, p.stage, (p.description IS NOT NULL AND btrim(p.description) <> '') AS "hasDescription",
              (SELECT count(*) FROM problem_locations l WHERE l.problem_id = p.id)::int AS locations,
              (a.problem_id IS NOT NULL) AS "hasAnalysis",
              COALESCE(a.offender IS NOT NULL OR a.handler IS NOT NULL OR a.victim IS NOT NULL OR a.guardian IS NOT NULL OR a.location IS NOT NULL OR a.manager IS NOT NULL, false) AS "sidesAnalysed",
              COALESCE(a.baseline_measure IS NOT NULL AND a.baseline_value IS NOT NULL, false) AS "hasBaseline",
              (SELECT count(*) FROM problem_responses r WHERE r.problem_id = p.id AND r.status <> 'cancelled')::int AS "activeResponses",
              p.planned_assessment_date::text AS "plannedAssessmentDate",
              (p.evaluated_at IS NOT NULL) AS "hasEvaluation"
         FROM problems p LEFT JOIN problem_analyses a ON a.problem_id = p.id
        WHERE p.partnership_id = $1 AND p.id = ANY($2::uuid[])`,
      [partnershipId, problemIds],
    );
  }

  /** The actions of the agenda that were carried over from an earlier meeting of the group (rolled over). */
  async rolledOver(partnershipId: string, actionIds: readonly string[], before: Date): Promise<Set<string>> {
    const manager = this.tx.manager;
    if (actionIds.length === 0) return new Set();
    const rows = await manager.query<{ id: string }[]>(
      `SELECT a.id FROM actions a
        WHERE a.partnership_id = $1 AND a.id = ANY($2::uuid[]) AND a.meeting_id IS NOT NULL AND EXISTS (
          SELECT 1 FROM meetings om JOIN meetings later ON later.tasking_group_id = om.tasking_group_id
           WHERE om.id = a.meeting_id AND later.id <> om.id AND later.opened_at IS NOT NULL AND later.opened_at < $3
             AND (later.opened_at AT TIME ZONE 'Europe/London')::date > a.due_date)`,
      [partnershipId, actionIds, before],
    );
    return new Set(rows.map((r) => r.id));
  }
}
