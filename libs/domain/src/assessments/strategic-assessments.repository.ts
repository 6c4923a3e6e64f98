import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost, VersionedRows, isUuid, oneRow } from '@app/core';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AssessmentStatus } from './assessment.constants';
import { AssessmentPriority } from './assessment-priority.entity';
import { StrategicAssessment } from './strategic-assessment.entity';
import { childRowsOf, lockInPartnership, nextNumberIn } from '../shared/sql';

/** A page of assessments, newest first, after the id of the last one seen. */
export interface AssessmentPageQuery {
  status?: AssessmentStatus;
  /** UUIDv7 ids sort by creation time: the id alone is the keyset. */
  afterId?: string;
  limit: number;
}

/** An assessment row without what the database fills in (version, timestamps). */
export type NewAssessment = Omit<StrategicAssessment, 'version' | 'createdAt' | 'updatedAt'>;

/** A priority row without what the database fills in (version, timestamps). */
export type NewPriority = Omit<AssessmentPriority, 'version' | 'createdAt' | 'updatedAt' | 'strategicAssessment'>;

/** The review standing columns of an assessment. */
export type AssessmentStandingRow = Pick<StrategicAssessment, 'id' | 'status' | 'nextReviewDue'>;

/** An approved assessment whose review due date a new interval moved. */
export interface RescheduledAssessment {
  id: string;
  previousDue: string;
  nextReviewDue: string;
}

/**
 * Every query on the strategic_assessments and assessment_priorities tables:
 * an assessment and its priorities are one aggregate (a change to a priority
 * is made under the assessment's row lock and moves the assessment's version).
 */
@Injectable()
export class StrategicAssessmentsRepository extends AggregateRepository<StrategicAssessment> {
  private readonly priorities: VersionedRows<AssessmentPriority>;

  constructor(tx: TransactionHost) {
    super(tx, StrategicAssessment, 'strategic assessment');
    this.priorities = new VersionedRows(tx, AssessmentPriority, 'priority');
  }

  // ---- assessments -------------------------------------------------------

  /** Assessments by id descending (newest first); `limit` rows at most. */
  page(partnershipId: string, query: AssessmentPageQuery): Promise<StrategicAssessment[]> {
    const qb = this.tx.manager.getRepository(StrategicAssessment).createQueryBuilder('a').where('a.partnership_id = :partnershipId', { partnershipId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.afterId) qb.andWhere('a.id < :id', { id: query.afterId });
    return qb.orderBy('a.id', 'DESC').limit(query.limit).getMany();
  }

  /** The partnership's approved assessment, or null. */
  findApproved(partnershipId: string): Promise<StrategicAssessment | null> {
    return this.tx.manager.getRepository(StrategicAssessment).findOneBy({ partnershipId, status: 'approved' });
  }

  /** Id, status and next review date of those of `ids` that are the partnership's assessments. */
  standingsOf(partnershipId: string, ids: string[]): Promise<AssessmentStandingRow[]> {
    return this.tx.manager
      .getRepository(StrategicAssessment)
      .createQueryBuilder('a')
      .select(['a.id', 'a.status', 'a.nextReviewDue'])
      .where('a.partnership_id = :partnershipId AND a.id = ANY(:ids)', { partnershipId, ids })
      .getMany();
  }

  /**
   * Approvals of one partnership, one at a time until the transaction ends:
   * the second waits, then supersedes the first.
   */
  serialiseApprovals(partnershipId: string): Promise<void> {
    return lockInPartnership(this.tx.manager, 'strategic_assessments.approve', partnershipId);
  }

  async insert(assessment: NewAssessment): Promise<void> {
    await this.tx.manager.getRepository(StrategicAssessment).insert(assessment);
  }

  /** Supersedes the partnership's approved assessment (if any) by `byId`, ending its review cycle; returns the ids superseded. */
  async supersedeApproved(partnershipId: string, byId: string, at: Date): Promise<string[]> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .update(StrategicAssessment)
      .set({
        status: 'superseded',
        supersededAt: at,
        supersededById: byId,
        nextReviewDue: null,
        reviewAnchorDate: null,
        version: () => 'version + 1',
        updatedAt: () => 'now()',
      })
      .where(`partnership_id = :partnershipId AND status = 'approved'`, { partnershipId })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  /**
   * A new review interval: the approved assessment's due date becomes its
   * anchor + `months` (set-based; PostgreSQL's month arithmetic clamps to the
   * month end like addCalendarMonths). Returns each row moved, with its old due date.
   */
  async rescheduleApproved(partnershipId: string, months: number): Promise<RescheduledAssessment[]> {
    const rows = await this.tx.manager.query<RescheduledAssessment[] | [RescheduledAssessment[], number]>(
      `UPDATE strategic_assessments a
          SET next_review_due = (a.review_anchor_date + make_interval(months => $2::int))::date, version = a.version + 1, updated_at = now()
         FROM strategic_assessments old
        WHERE old.id = a.id AND a.partnership_id = $1 AND a.status = 'approved'
        RETURNING a.id, old.next_review_due::text AS "previousDue", a.next_review_due::text AS "nextReviewDue"`,
      [partnershipId, months],
    );
    return updatedRows(rows);
  }

  // ---- priorities ---------------------------------------------------------

  /** The priorities the assessments hold now (not removed), by assessment, best rank first. */
  activePriorities(assessmentIds: string[]): Promise<AssessmentPriority[]> {
    return childRowsOf(this.tx.manager, AssessmentPriority, 'strategic_assessment_id', assessmentIds, ['rank', 'seq'], 'c.removed_at IS NULL');
  }

  /** The priority of the partnership's assessment (removed ones too), or null (also for malformed ids). */
  findPriority(partnershipId: string, assessmentId: string, priorityId: string): Promise<AssessmentPriority | null> {
    if (!isUuid(assessmentId) || !isUuid(priorityId)) return Promise.resolve(null);
    return this.tx.manager.getRepository(AssessmentPriority).findOneBy({ id: priorityId, strategicAssessmentId: assessmentId, partnershipId });
  }

  /** How many priorities the assessment has ever held (removed ones included). */
  countPriorities(assessmentId: string): Promise<number> {
    return this.tx.manager.getRepository(AssessmentPriority).countBy({ strategicAssessmentId: assessmentId });
  }

  /** How many priorities the assessment holds now (not removed). */
  async countActivePriorities(assessmentId: string): Promise<number> {
    const rows = await this.tx.manager.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM assessment_priorities WHERE strategic_assessment_id = $1 AND removed_at IS NULL',
      [assessmentId],
    );
    return oneRow(rows, 'the active priority count').n;
  }

  /** The next creation number of a priority in the assessment (removed ones count: numbers are never reused). */
  nextPrioritySeq(assessmentId: string): Promise<number> {
    return nextNumberIn(this.tx.manager, 'assessment_priorities', 'seq', 'strategic_assessment_id', assessmentId);
  }

  /** Inserts the priority; returns it as stored. */
  insertPriority(priority: NewPriority): Promise<AssessmentPriority> {
    const repo = this.tx.manager.getRepository(AssessmentPriority);
    return repo.save(repo.create(priority));
  }

  /** Writes `set` and moves the priority's version. */
  updatePriority(priorityId: string, set: QueryDeepPartialEntity<AssessmentPriority>): Promise<void> {
    return this.priorities.bumpVersion(priorityId, set);
  }

  async deletePriority(priorityId: string): Promise<void> {
    await this.tx.manager.getRepository(AssessmentPriority).delete({ id: priorityId });
  }

  /** Marks priorities removed by a review: they lose their rank (and any fixed one) and stay as history. */
  async removePriorities(assessmentId: string, priorityIds: string[], at: Date, reviewId: string): Promise<void> {
    await this.tx.manager.query(
      `UPDATE assessment_priorities SET removed_at = $2, removed_in_review_id = $3, rank = NULL, pinned_rank = NULL, version = version + 1, updated_at = now()
        WHERE strategic_assessment_id = $1 AND id = ANY($4::uuid[])`,
      [assessmentId, at, reviewId, priorityIds],
    );
  }

  /** Writes the ranks that moved, in one statement (the caller holds the assessment's row lock). */
  async writeRanks(assessmentId: string, ranks: Map<string, number>): Promise<void> {
    if (!ranks.size) return;
    await this.tx.manager.query(
      `UPDATE assessment_priorities p SET rank = v.rank, updated_at = now()
       FROM unnest($1::uuid[], $2::int[]) AS v(id, rank)
       WHERE p.id = v.id AND p.strategic_assessment_id = $3`,
      [[...ranks.keys()], [...ranks.values()], assessmentId],
    );
  }
}

/** node-postgres through TypeORM answers an UPDATE ... RETURNING with [rows, count]. */
function updatedRows<T>(result: T[] | [T[], number]): T[] {
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}
