import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost, isUuid, oneRow } from '@app/core';
import type { AssessmentStatus } from '../assessments';
import type { ControlStrategyStatus } from './control-strategy.constants';
import { ControlStrategyPriority } from './control-strategy-priority.entity';
import { ControlStrategy } from './control-strategy.entity';
import { childRowsOf, lockInPartnership, nextNumberIn } from '../shared/sql';

/** A priority of the partnership's current control strategy, as problems, actions and scanners link to it. */
export interface CurrentPriority {
  /** The stable id problems and actions store as `controlStrategyPriorityId`. */
  id: string;
  controlStrategyId: string;
  assessmentPriorityId: string;
  title: string;
  leadAgencyId: string;
}

/** A page of versions, newest first, after the version number of the last one seen. */
export interface StrategyPageQuery {
  status?: ControlStrategyStatus;
  beforeVersionNumber?: number;
  limit: number;
}

/** An assessment as the agenda reads it: the columns its standing is computed from, and its title. */
export interface AgendaAssessmentRow {
  id: string;
  title: string;
  status: AssessmentStatus;
  nextReviewDue: string | null;
}

/** The current strategy (with its priorities and its assessment's row) and the approved assessment's row. */
export interface AgendaRow {
  current: {
    id: string;
    versionNumber: number;
    strategicAssessmentId: string;
    priorities: { id: string; title: string; leadAgencyId: string }[];
    assessment: AgendaAssessmentRow;
  } | null;
  approved: AgendaAssessmentRow | null;
}

/** A version row without what the database fills in (version, timestamps). */
export type NewControlStrategy = Omit<ControlStrategy, 'version' | 'createdAt' | 'updatedAt'>;

/** A priority row of a version without its timestamps. */
export type NewControlStrategyPriority = Omit<ControlStrategyPriority, 'createdAt' | 'updatedAt'>;

/**
 * Every query on the control_strategies and control_strategy_priorities
 * tables: a version and its priorities are one aggregate (written together,
 * never edited afterwards; publishing changes only the version's status).
 */
@Injectable()
export class ControlStrategiesRepository extends AggregateRepository<ControlStrategy> {
  constructor(tx: TransactionHost) {
    super(tx, ControlStrategy, 'control strategy');
  }

  /** The priorities of the partnership's current strategy (only `onlyId`, when given), in its order. */
  currentPriorities(partnershipId: string, onlyId?: string): Promise<CurrentPriority[]> {
    const qb = this.tx.manager
      .getRepository(ControlStrategyPriority)
      .createQueryBuilder('p')
      .innerJoin(ControlStrategy, 's', 's.id = p.control_strategy_id')
      .select([
        'p.id AS id',
        'p.control_strategy_id AS "controlStrategyId"',
        'p.assessment_priority_id AS "assessmentPriorityId"',
        'p.title AS title',
        'p.lead_agency_id AS "leadAgencyId"',
      ])
      .where(`s.partnership_id = :partnershipId AND s.status = 'current'`, { partnershipId });
    if (onlyId) qb.andWhere('p.id = :onlyId', { onlyId });
    return qb.orderBy('p.position', 'ASC').getRawMany<CurrentPriority>();
  }

  /** The partnership's current (published) version, or null. */
  findCurrent(partnershipId: string): Promise<ControlStrategy | null> {
    return this.tx.manager.getRepository(ControlStrategy).findOneBy({ partnershipId, status: 'current' });
  }

  /** The current versions resting on the assessment (one at most). */
  currentOn(partnershipId: string, strategicAssessmentId: string): Promise<ControlStrategy[]> {
    return this.tx.manager.getRepository(ControlStrategy).findBy({ partnershipId, strategicAssessmentId, status: 'current' });
  }

  /** Versions by number descending; `limit` rows at most. */
  page(partnershipId: string, query: StrategyPageQuery): Promise<ControlStrategy[]> {
    const qb = this.tx.manager.getRepository(ControlStrategy).createQueryBuilder('s').where('s.partnership_id = :partnershipId', { partnershipId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (query.beforeVersionNumber !== undefined) qb.andWhere('s.version_number < :versionNumber', { versionNumber: query.beforeVersionNumber });
    return qb.orderBy('s.version_number', 'DESC').limit(query.limit).getMany();
  }

  /** The priorities of the versions, by version, in their order. */
  prioritiesOf(strategyIds: string[]): Promise<ControlStrategyPriority[]> {
    return childRowsOf(this.tx.manager, ControlStrategyPriority, 'control_strategy_id', strategyIds, ['position']);
  }

  /**
   * The current strategy with its priorities and its assessment, and the
   * approved assessment, in one statement (for tasking agendas).
   */
  async agendaRow(partnershipId: string): Promise<AgendaRow> {
    const rows = await this.tx.manager.query<AgendaRow[]>(
      `SELECT (SELECT json_build_object(
                        'id', s.id, 'versionNumber', s.version_number, 'strategicAssessmentId', s.strategic_assessment_id,
                        'assessment', json_build_object('id', a.id, 'title', a.title, 'status', a.status, 'nextReviewDue', to_char(a.next_review_due, 'YYYY-MM-DD')),
                        'priorities', (SELECT coalesce(json_agg(json_build_object('id', p.id, 'title', p.title, 'leadAgencyId', p.lead_agency_id) ORDER BY p.position), '[]'::json)
                                         FROM control_strategy_priorities p WHERE p.control_strategy_id = s.id))
                 FROM control_strategies s JOIN strategic_assessments a ON a.id = s.strategic_assessment_id
                WHERE s.partnership_id = $1 AND s.status = 'current') AS current,
              (SELECT json_build_object('id', a.id, 'title', a.title, 'status', a.status, 'nextReviewDue', to_char(a.next_review_due, 'YYYY-MM-DD'))
                 FROM strategic_assessments a WHERE a.partnership_id = $1 AND a.status = 'approved') AS approved`,
      [partnershipId],
    );
    return oneRow(rows, 'the agenda row');
  }

  /** Versions of one partnership are numbered and published one at a time: this waits for the others until the transaction ends. */
  serialiseVersions(partnershipId: string): Promise<void> {
    return lockInPartnership(this.tx.manager, 'control_strategies', partnershipId);
  }

  /** The number the partnership's next version takes (1, 2, 3...). */
  nextVersionNumber(partnershipId: string): Promise<number> {
    return nextNumberIn(this.tx.manager, 'control_strategies', 'version_number', 'partnership_id', partnershipId);
  }

  /** Inserts a version and its priorities. */
  async insert(strategy: NewControlStrategy, priorities: NewControlStrategyPriority[]): Promise<void> {
    await this.tx.manager.getRepository(ControlStrategy).insert(strategy);
    await this.tx.manager.getRepository(ControlStrategyPriority).insert(priorities);
  }

  /** Supersedes the partnership's current version (if any) by `byId`; returns the ids superseded. */
  async supersedeCurrent(partnershipId: string, byId: string, at: Date): Promise<string[]> {
    const result = await this.tx.manager
      .createQueryBuilder()
      .update(ControlStrategy)
      .set({ status: 'superseded', supersededAt: at, supersededById: byId, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where(`partnership_id = :partnershipId AND status = 'current'`, { partnershipId })
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  /** Those of `ids` that are control strategy priority ids of the partnership (of any version). */
  async knownPriorityIds(partnershipId: string, ids: string[]): Promise<Set<string>> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      'SELECT DISTINCT id FROM control_strategy_priorities WHERE partnership_id = $1 AND id = ANY($2::uuid[])',
      [partnershipId, ids.filter(isUuid)],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** For each assessment priority, the id the latest version holding it gave it. */
  async latestPriorityIds(partnershipId: string, assessmentPriorityIds: string[]): Promise<Map<string, string>> {
    const rows = await this.tx.manager.query<{ assessmentPriorityId: string; id: string }[]>(
      `SELECT DISTINCT ON (p.assessment_priority_id) p.assessment_priority_id AS "assessmentPriorityId", p.id
         FROM control_strategy_priorities p JOIN control_strategies s ON s.id = p.control_strategy_id
        WHERE s.partnership_id = $1 AND p.assessment_priority_id = ANY($2::uuid[])
        ORDER BY p.assessment_priority_id, s.version_number DESC`,
      [partnershipId, assessmentPriorityIds],
    );
    return new Map(rows.map((r) => [r.assessmentPriorityId, r.id]));
  }
}
