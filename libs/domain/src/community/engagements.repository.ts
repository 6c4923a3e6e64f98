import { Injectable } from '@nestjs/common';
import { TransactionHost, VersionedRows, oneRow } from '@app/core';
import type { EngagementIssueStatus, EngagementKind } from './community.constants';
import { Engagement, EngagementIssue } from './engagement.entity';
import { keysetRows } from '../shared/keyset';

export interface EngagementFilters {
  kind?: EngagementKind;
  areaCode?: string;
  from?: string;
  to?: string;
}

export interface IssueFilters {
  status?: EngagementIssueStatus;
  category?: string;
  areaCode?: string;
  problemId?: string;
  answered?: boolean;
  published?: boolean;
}

/** A published answer as the public feed carries it: no free text of the record but the answer written for the public. */
export interface PublishedAnswerRow {
  id: string;
  raisedOn: string;
  month: string;
  areaCode: string;
  engagementKind: EngagementKind;
  category: string;
  raisedByCount: number;
  answerText: string;
  answerTextCy: string | null;
  agencyId: string;
  answeredOn: string;
  publishedAt: Date;
}

export interface RequirementIssueRow {
  id: string;
  raisedOn: string;
  category: string;
  areaCode: string;
  status: EngagementIssueStatus;
  requirementIndex: number;
  /** How many issues answer the same requirement item in the period. */
  total: number;
}

export interface AreaQuarterRow {
  areaCode: string;
  quarter: string;
  engagements: number;
  attendance: number;
  responses: number;
}

export interface IssueCountsRow {
  raised: number;
  peopleRaising: number;
  answered: number;
  published: number;
  nominated: number;
  linked: number;
  closed: number;
  medianDaysToAnswer: number | null;
}

type EngagementRow = Omit<Engagement, 'createdAt' | 'updatedAt' | 'assignId' | 'version'>;
type IssueRow = Omit<EngagementIssue, 'createdAt' | 'updatedAt' | 'assignId' | 'version'>;

/** Every query on engagements and engagement_issues. */
@Injectable()
export class EngagementsRepository {
  private readonly engagements: VersionedRows<Engagement>;
  private readonly issues: VersionedRows<EngagementIssue>;

  constructor(private readonly tx: TransactionHost) {
    this.engagements = new VersionedRows(tx, Engagement, 'engagement');
    this.issues = new VersionedRows(tx, EngagementIssue, 'engagement issue');
  }

  // ---- engagements ------------------------------------------------------

  async insertEngagement(row: EngagementRow): Promise<void> {
    await this.tx.manager.getRepository(Engagement).insert(row);
  }

  findEngagement(partnershipId: string, id: string): Promise<Engagement | null> {
    return this.engagements.find({ partnershipId, id });
  }

  /**
   * Locks the engagement row until the transaction ends (changes of one
   * engagement and its issues queue): 404 when not the partnership's, 412 on another version.
   */
  lockEngagement(partnershipId: string, id: string, expectedVersion?: number): Promise<Engagement> {
    return this.engagements.lockForChange({ partnershipId, id }, expectedVersion);
  }

  /** Writes the changes and moves the version. */
  updateEngagement(id: string, set: Partial<EngagementRow>): Promise<void> {
    return this.engagements.bumpVersion(id, set);
  }

  /** Latest first (by date, then id); `after` is the keyset of the last row seen. */
  listEngagements(partnershipId: string, filters: EngagementFilters, page: { after?: { heldOn: string; id: string }; limit: number }): Promise<Engagement[]> {
    const qb = this.tx.manager.getRepository(Engagement).createQueryBuilder('e').where('e.partnership_id = :partnershipId', { partnershipId });
    if (filters.kind) qb.andWhere('e.kind = :kind', { kind: filters.kind });
    if (filters.areaCode) qb.andWhere('e.area_codes @> ARRAY[:areaCode]::text[]', { areaCode: filters.areaCode });
    if (filters.from) qb.andWhere('e.held_on >= :from::date', { from: filters.from });
    if (filters.to) qb.andWhere('e.held_on <= :to::date', { to: filters.to });
    return keysetRows(qb, { column: 'held_on', type: 'date', order: 'DESC' }, page.after && { key: page.after.heldOn, id: page.after.id }, page.limit);
  }

  // ---- issues -----------------------------------------------------------

  async insertIssue(row: IssueRow): Promise<void> {
    await this.tx.manager.getRepository(EngagementIssue).insert(row);
  }

  findIssue(partnershipId: string, id: string): Promise<EngagementIssue | null> {
    return this.issues.find({ partnershipId, id });
  }

  /** Locks the issue until the transaction ends: 404 when not the partnership's, 412 on another version. */
  lockIssue(partnershipId: string, id: string, expectedVersion?: number): Promise<EngagementIssue> {
    return this.issues.lockForChange({ partnershipId, id }, expectedVersion);
  }

  /** Locks the issue until the transaction ends, or null when the partnership has none with that id. */
  lockIssueIfAny(partnershipId: string, id: string): Promise<EngagementIssue | null> {
    return this.issues.lock({ partnershipId, id });
  }

  /** Writes the changes and moves the version. */
  updateIssue(id: string, set: Partial<IssueRow>): Promise<void> {
    return this.issues.bumpVersion(id, set);
  }

  /** The issues of one engagement, in the order they were recorded. */
  issuesOf(engagementId: string): Promise<EngagementIssue[]> {
    return this.tx.manager.getRepository(EngagementIssue).find({ where: { engagementId }, order: { id: 'ASC' } });
  }

  /** How many issues each engagement has (one grouped statement). */
  async issueCountsOf(engagementIds: readonly string[]): Promise<Map<string, number>> {
    if (!engagementIds.length) return new Map();
    const rows = await this.tx.manager.query<{ id: string; n: number }[]>(
      `SELECT engagement_id AS id, count(*)::int AS n FROM engagement_issues WHERE engagement_id = ANY($1::uuid[]) GROUP BY engagement_id`,
      [[...engagementIds]],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /** Keeps the copied date of an engagement's issues in step with it. */
  async moveIssuesDate(engagementId: string, raisedOn: string): Promise<void> {
    await this.tx.manager.query(`UPDATE engagement_issues SET raised_on = $2::date, updated_at = now() WHERE engagement_id = $1`, [engagementId, raisedOn]);
  }

  /** Newest first (ids are time-ordered); `beforeId` is the keyset. */
  listIssues(partnershipId: string, filters: IssueFilters, page: { beforeId?: string; limit: number }): Promise<EngagementIssue[]> {
    const qb = this.tx.manager.getRepository(EngagementIssue).createQueryBuilder('i').where('i.partnership_id = :partnershipId', { partnershipId });
    if (filters.status) qb.andWhere('i.status = :status', { status: filters.status });
    if (filters.category) qb.andWhere('i.category = :category', { category: filters.category });
    if (filters.areaCode) qb.andWhere('i.area_code = :areaCode', { areaCode: filters.areaCode });
    if (filters.problemId) qb.andWhere('i.problem_id = :problemId', { problemId: filters.problemId.toLowerCase() });
    if (filters.answered !== undefined) qb.andWhere(filters.answered ? 'i.answered_at IS NOT NULL' : 'i.answered_at IS NULL');
    if (filters.published !== undefined) qb.andWhere(filters.published ? 'i.published_at IS NOT NULL' : 'i.published_at IS NULL');
    if (page.beforeId) qb.andWhere('i.id < :beforeId', { beforeId: page.beforeId });
    return qb.orderBy('i.id', 'DESC').limit(page.limit).getMany();
  }

  /**
   * Published answers, by month raised (latest first), then area: only the
   * columns the public may see (the engagement's kind, the category, the
   * count, the answer and who gave it).
   */
  publishedAnswers(partnershipId: string, filters: { areaCode?: string; from?: string; to?: string }, limit: number): Promise<PublishedAnswerRow[]> {
    return this.tx.manager.query<PublishedAnswerRow[]>(
      `SELECT i.id, to_char(i.raised_on, 'YYYY-MM-DD') AS "raisedOn", to_char(i.raised_on, 'YYYY-MM') AS "month", i.area_code AS "areaCode",
              e.kind AS "engagementKind", i.category, i.raised_by_count AS "raisedByCount",
              i.answer_text AS "answerText", i.answer_text_cy AS "answerTextCy", i.answer_agency_id AS "agencyId",
              to_char(i.answered_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS "answeredOn", i.published_at AS "publishedAt"
         FROM engagement_issues i
         JOIN engagements e ON e.id = i.engagement_id
        WHERE i.partnership_id = $1 AND i.published_at IS NOT NULL
          AND ($2::text IS NULL OR i.area_code = $2) AND ($3::date IS NULL OR i.raised_on >= $3) AND ($4::date IS NULL OR i.raised_on <= $4)
        ORDER BY i.raised_on DESC, i.area_code, i.id
        LIMIT $5`,
      [partnershipId, filters.areaCode ?? null, filters.from ?? null, filters.to ?? null, limit],
    );
  }

  /** Issues raised in [from, to] against an assessment's intelligence requirement: the newest `perItem` per requirement item, with how many in all. */
  requirementIssues(partnershipId: string, assessmentId: string, from: string, to: string, perItem: number): Promise<RequirementIssueRow[]> {
    return this.tx.manager.query<RequirementIssueRow[]>(
      `SELECT id, "raisedOn", category, "areaCode", status, "requirementIndex", total FROM (
         SELECT i.id, to_char(i.raised_on, 'YYYY-MM-DD') AS "raisedOn", i.category, i.area_code AS "areaCode", i.status, i.requirement_index AS "requirementIndex",
                row_number() OVER (PARTITION BY i.requirement_index ORDER BY i.raised_on DESC, i.id DESC) AS rn,
                (count(*) OVER (PARTITION BY i.requirement_index))::int AS total
           FROM engagement_issues i
          WHERE i.partnership_id = $1 AND i.strategic_assessment_id = $2 AND i.raised_on BETWEEN $3::date AND $4::date) x
        WHERE rn <= $5 ORDER BY "requirementIndex", rn`,
      [partnershipId, assessmentId, from, to, perItem],
    );
  }

  /** Engagements held in [from, to] per area and calendar quarter (an engagement over two areas counts in each). */
  engagementsByAreaAndQuarter(partnershipId: string, from: string, to: string): Promise<AreaQuarterRow[]> {
    return this.tx.manager.query<AreaQuarterRow[]>(
      `SELECT area AS "areaCode", to_char(e.held_on, 'YYYY-"Q"Q') AS quarter, count(*)::int AS engagements,
              coalesce(sum(e.attendance), 0)::int AS attendance, coalesce(sum(e.response_count), 0)::int AS responses
         FROM engagements e CROSS JOIN LATERAL unnest(e.area_codes) AS area
        WHERE e.partnership_id = $1 AND e.held_on BETWEEN $2::date AND $3::date
        GROUP BY area, quarter ORDER BY quarter, area`,
      [partnershipId, from, to],
    );
  }

  async engagementCount(partnershipId: string, from: string, to: string): Promise<number> {
    const rows = await this.tx.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM engagements WHERE partnership_id = $1 AND held_on BETWEEN $2::date AND $3::date`,
      [partnershipId, from, to],
    );
    return oneRow(rows, 'the engagement count').n;
  }

  /** Issues raised in [from, to]: how many, what became of them, and the median days from the engagement to the answer. */
  async issueCounts(partnershipId: string, from: string, to: string): Promise<IssueCountsRow> {
    const rows = await this.tx.manager.query<IssueCountsRow[]>(
      `SELECT count(*)::int AS raised, coalesce(sum(raised_by_count), 0)::int AS "peopleRaising",
              count(*) FILTER (WHERE answered_at IS NOT NULL)::int AS answered,
              count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published,
              count(*) FILTER (WHERE status = 'nominated')::int AS nominated,
              count(*) FILTER (WHERE status = 'linked')::int AS linked,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ((answered_at AT TIME ZONE 'Europe/London')::date - raised_on))
                FILTER (WHERE answered_at IS NOT NULL)::float AS "medianDaysToAnswer"
         FROM engagement_issues WHERE partnership_id = $1 AND raised_on BETWEEN $2::date AND $3::date`,
      [partnershipId, from, to],
    );
    return oneRow(rows, 'the issue counts');
  }
}
