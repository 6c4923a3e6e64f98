import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, ConflictProblem, NotFoundProblem, PreconditionFailedProblem, RuleViolation, TransactionHost, isUuid, uuidv7 } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit/audit.service';
import { ReviewCycleListeners, type ReviewCycleMoved } from '../assessments/review-cycle-listeners';
import { StrategicAssessmentsService, type AssessmentStanding } from '../assessments/strategic-assessments.service';
import { FlagsService } from '../flags/flags.service';
import { OutboxService } from '../notifications/outbox.service';
import { PartnershipsService } from '../partnerships/partnerships.service';
import type { ControlStrategyStatus, StrandPlans } from './control-strategy.constants';
import { ControlStrategyPriority } from './control-strategy-priority.entity';
import { ControlStrategy } from './control-strategy.entity';
import { requirePerson } from '../shared/actors';

export interface ControlStrategyPriorityInput {
  /** Continue an earlier version's priority under the same id (optional). */
  id?: string;
  assessmentPriorityId: string;
  leadAgencyId: string;
  strands: StrandPlans;
}

export interface ControlStrategyInput {
  strategicAssessmentId: string;
  notes?: string | null;
  priorities: ControlStrategyPriorityInput[];
}

export interface ControlStrategyView {
  strategy: ControlStrategy;
  /** In the order submitted. */
  priorities: ControlStrategyPriority[];
  /** The assessment it is built on, as it stands today. */
  assessment: AssessmentStanding;
}

/** A priority of the partnership's current control strategy, as problems, actions and scanners link to it. */
/** What a tasking agenda shows of the strategy and its assessment (`agendaStanding`). */
export interface AgendaStrategyStanding {
  /** The current control strategy, or null when none has been published. */
  current: {
    id: string;
    versionNumber: number;
    strategicAssessmentId: string;
    priorities: { id: string; title: string; leadAgencyId: string }[];
    /** The assessment it is built on, as it stands today. */
    assessment: AssessmentStanding;
  } | null;
  /** The partnership's approved assessment as it stands today, or null when none is approved. */
  approved: (AssessmentStanding & { title: string }) | null;
}

export interface CurrentPriority {
  /** The stable id problems and actions store as `controlStrategyPriorityId`. */
  id: string;
  controlStrategyId: string;
  assessmentPriorityId: string;
  title: string;
  leadAgencyId: string;
}

/**
 * Control strategies: versions built from the approved assessment, and
 * publishing one as the partnership's current strategy.
 *
 * Rules:
 * - built only from the partnership's approved assessment (422
 *   `unknown-assessment`, `assessment-not-approved`); each priority must be a
 *   current priority of that assessment (422 `priority-not-in-assessment`),
 *   at most once (422 `duplicate-priority`); strands must be among the
 *   partnership's `controlStrategyStrands` (422 `unknown-strand`); the lead
 *   agency must be one of the partnership's agencies (422
 *   `agency-not-in-partnership`);
 * - versions are numbered 1, 2, 3... per partnership; versions are never
 *   edited (a change is a new version);
 * - publishing (chairs) needs a draft (409 `control-strategy-not-draft`) whose
 *   assessment is still the approved one (422 `assessment-superseded`), is not
 *   overdue for review (422 `assessment-review-overdue`) and still holds its
 *   priorities (422 `priority-removed-from-assessment`); it supersedes the
 *   current version in the same transaction (one current per partnership,
 *   held by a partial unique index);
 * - a strategy rests on a stale assessment when that assessment is overdue
 *   for review or superseded (`staleAssessment`); the current one is then
 *   flagged `control_strategy_stale` (strategy-scanners.ts). The flag is
 *   resolved in the transaction that ends the cause: publishing a new
 *   version (the superseded version's flag), or a review of the assessment
 *   (or a new review interval) that leaves it no longer overdue.
 *
 * Other contexts (problems, tasking, scanners) use `findCurrentPriority()`
 * and `listCurrentPriorities()`, inside a transaction of the partnership.
 */
@Injectable()
export class ControlStrategiesService implements OnModuleInit {
  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly partnerships: PartnershipsService,
    private readonly assessments: StrategicAssessmentsService,
    private readonly flags: FlagsService,
    private readonly reviewCycles: ReviewCycleListeners,
  ) {}

  onModuleInit(): void {
    this.reviewCycles.onReviewCycleMoved((change) => this.reviewCycleMoved(change));
  }

  // ---- for other contexts -----------------------------------------------

  /**
   * The priority with this stable id in the partnership's current (published)
   * control strategy, or null when there is no current strategy or it does
   * not hold that priority (e.g. a priority of an earlier version only).
   */
  async findCurrentPriority(partnershipId: string, controlStrategyPriorityId: string): Promise<CurrentPriority | null> {
    if (!isUuid(controlStrategyPriorityId)) return null;
    const [found] = await this.currentPriorities(partnershipId, controlStrategyPriorityId);
    return found ?? null;
  }

  /** The priorities of the partnership's current control strategy, in its order; empty when none is published. */
  listCurrentPriorities(partnershipId: string): Promise<CurrentPriority[]> {
    return this.currentPriorities(partnershipId);
  }

  private currentPriorities(partnershipId: string, onlyId?: string): Promise<CurrentPriority[]> {
    const qb = this.tx.manager
      .getRepository(ControlStrategyPriority)
      .createQueryBuilder('p')
      .innerJoin(ControlStrategy, 's', 's.id = p.control_strategy_id')
      .select(['p.id AS id', 'p.control_strategy_id AS "controlStrategyId"', 'p.assessment_priority_id AS "assessmentPriorityId"', 'p.title AS title', 'p.lead_agency_id AS "leadAgencyId"'])
      .where(`s.partnership_id = :partnershipId AND s.status = 'current'`, { partnershipId });
    if (onlyId) qb.andWhere('p.id = :onlyId', { onlyId });
    return qb.orderBy('p.position', 'ASC').getRawMany<CurrentPriority>();
  }

  // ---- reads ------------------------------------------------------------

  async get(partnershipId: string, id: string): Promise<ControlStrategyView> {
    const strategy = isUuid(id) ? await this.tx.manager.getRepository(ControlStrategy).findOneBy({ id, partnershipId }) : null;
    if (!strategy) throw new NotFoundProblem('control strategy');
    const [view] = await this.views(partnershipId, [strategy]);
    return view;
  }

  /** The current (published) version; 404 when none has been published. */
  async current(partnershipId: string): Promise<ControlStrategyView> {
    const view = await this.findCurrent(partnershipId);
    if (!view) throw new NotFoundProblem('control strategy', 'No control strategy has been published in this partnership.');
    return view;
  }

  /** The current (published) version with its assessment's standing, or null when none has been published (for other contexts, e.g. agendas). */
  async findCurrent(partnershipId: string): Promise<ControlStrategyView | null> {
    const strategy = await this.tx.manager.getRepository(ControlStrategy).findOneBy({ partnershipId, status: 'current' });
    if (!strategy) return null;
    const [view] = await this.views(partnershipId, [strategy]);
    return view;
  }

  /**
   * The current strategy with its priorities and its assessment's standing,
   * and the approved assessment, in one statement (for tasking agendas).
   */
  async agendaStanding(partnershipId: string): Promise<AgendaStrategyStanding> {
    type AssessmentRow = { id: string; title: string; status: AssessmentStanding['status']; nextReviewDue: string | null };
    const [row] = await this.tx.manager.query<{ current: (Omit<NonNullable<AgendaStrategyStanding['current']>, 'assessment'> & { assessment: AssessmentRow }) | null; approved: AssessmentRow | null }[]>(
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
    const today = this.clock.today();
    const current = row.current && { ...row.current, assessment: this.assessments.standing(row.current.assessment, today) };
    const approved = row.approved && { ...this.assessments.standing(row.approved, today), title: row.approved.title };
    return { current, approved };
  }

  /** Every version, newest first. */
  async list(partnershipId: string, query: PageQueryDto & { status?: ControlStrategyStatus }): Promise<Page<ControlStrategyView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager.getRepository(ControlStrategy).createQueryBuilder('s').where('s.partnership_id = :partnershipId', { partnershipId });
    if (query.status) qb.andWhere('s.status = :status', { status: query.status });
    if (after) qb.andWhere('s.version_number < :versionNumber', { versionNumber: Number(after.k) });
    const rows = await qb.orderBy('s.version_number', 'DESC').limit(limit + 1).getMany();
    const page = toPage(rows, limit, (r) => ({ k: r.versionNumber, id: r.id }), (r) => r);
    return { items: await this.views(partnershipId, page.items), nextCursor: page.nextCursor };
  }

  // ---- changes ----------------------------------------------------------

  /** A new draft version (analysts). */
  async create(partnershipId: string, input: ControlStrategyInput): Promise<ControlStrategyView> {
    const m = this.tx.manager;
    const assessment = isUuid(input.strategicAssessmentId) ? await this.assessments.forStrategy(partnershipId, input.strategicAssessmentId) : null;
    if (!assessment) throw new RuleViolation('unknown-assessment', 'The partnership has no such strategic assessment.');
    if (assessment.status !== 'approved') {
      throw new RuleViolation('assessment-not-approved', `The assessment is ${assessment.status}: a control strategy is built from the approved assessment.`);
    }
    const inAssessment = new Map(assessment.priorities.map((p) => [p.id, p]));
    const strangers = input.priorities.filter((p) => !inAssessment.has(p.assessmentPriorityId)).map((p) => p.assessmentPriorityId);
    if (strangers.length) {
      throw new RuleViolation('priority-not-in-assessment', `Not a current priority of assessment ${assessment.id}: ${strangers.join(', ')}.`, {
        assessmentPriorityIds: strangers,
      });
    }
    const seen = new Set<string>();
    for (const p of input.priorities) {
      if (seen.has(p.assessmentPriorityId)) throw new RuleViolation('duplicate-priority', `Priority ${p.assessmentPriorityId} appears twice.`);
      seen.add(p.assessmentPriorityId);
    }
    const { controlStrategyStrands } = await this.partnerships.get(partnershipId);
    const allowed = new Set(controlStrategyStrands);
    const unknownStrands = [...new Set(input.priorities.flatMap((p) => Object.keys(p.strands)).filter((s) => !allowed.has(s)))];
    if (unknownStrands.length) {
      throw new RuleViolation('unknown-strand', `Not a strand of this partnership: ${unknownStrands.join(', ')} (its strands: ${controlStrategyStrands.join(', ')}).`, {
        strands: unknownStrands,
        allowedStrands: controlStrategyStrands,
      });
    }
    const agencies = await this.partnerships.agencyIdsOf(partnershipId, input.priorities.map((p) => p.leadAgencyId));
    const foreignAgencies = [...new Set(input.priorities.map((p) => p.leadAgencyId).filter((id) => !agencies.has(id)))];
    if (foreignAgencies.length) {
      throw new RuleViolation('agency-not-in-partnership', `Not an agency of this partnership: ${foreignAgencies.join(', ')}.`, { agencyIds: foreignAgencies });
    }

    // Versions of one partnership are numbered (and published) one at a time.
    await this.lockVersions(partnershipId);
    const ids = await this.stableIds(partnershipId, input.priorities);
    const [{ next }] = await m.query<{ next: number }[]>(
      'SELECT coalesce(max(version_number), 0)::int + 1 AS next FROM control_strategies WHERE partnership_id = $1',
      [partnershipId],
    );
    const id = uuidv7();
    await m.getRepository(ControlStrategy).insert({
      id,
      partnershipId,
      versionNumber: next,
      strategicAssessmentId: assessment.id,
      status: 'draft',
      notes: input.notes ?? null,
      publishedAt: null,
      publishedBy: null,
      supersededAt: null,
      supersededById: null,
    });
    await m.getRepository(ControlStrategyPriority).insert(
      input.priorities.map((p, i) => ({
        controlStrategyId: id,
        id: ids[i],
        partnershipId,
        assessmentPriorityId: p.assessmentPriorityId,
        leadAgencyId: p.leadAgencyId,
        position: i + 1,
        title: inAssessment.get(p.assessmentPriorityId)!.title,
        category: inAssessment.get(p.assessmentPriorityId)!.category,
        strands: p.strands,
      })),
    );
    await this.audit.record({
      action: 'control_strategy.created',
      target: { type: 'control_strategy', id },
      details: { versionNumber: next, strategicAssessmentId: assessment.id, priorityIds: ids },
    });
    return this.get(partnershipId, id);
  }

  /** Makes a draft the partnership's current control strategy (chairs). */
  async publish(partnershipId: string, id: string, expectedVersion?: number): Promise<ControlStrategyView> {
    const publisher = requirePerson('publish a control strategy');
    const m = this.tx.manager;
    await this.lockVersions(partnershipId);
    const strategy = isUuid(id)
      ? await m
          .getRepository(ControlStrategy)
          .createQueryBuilder('s')
          .setLock('pessimistic_write')
          .where('s.id = :id AND s.partnership_id = :partnershipId', { id, partnershipId })
          .getOne()
      : null;
    if (!strategy) throw new NotFoundProblem('control strategy');
    if (expectedVersion !== undefined && expectedVersion !== strategy.version) throw new PreconditionFailedProblem();
    if (strategy.status !== 'draft') {
      throw new ConflictProblem('control-strategy-not-draft', `Version ${strategy.versionNumber} is ${strategy.status}; only a draft can be published.`);
    }
    const assessment = (await this.assessments.forStrategy(partnershipId, strategy.strategicAssessmentId))!;
    if (assessment.status !== 'approved') {
      throw new RuleViolation('assessment-superseded', 'The assessment this version was built from is no longer the approved one; build a new version from the approved assessment.');
    }
    if (assessment.reviewState === 'overdue') {
      throw new RuleViolation(
        'assessment-review-overdue',
        `The strategic assessment's review was due on ${assessment.nextReviewDue} and has not been recorded; record a review before publishing.`,
        { strategicAssessmentId: assessment.id, nextReviewDue: assessment.nextReviewDue },
      );
    }
    const priorities = await m.getRepository(ControlStrategyPriority).findBy({ controlStrategyId: id });
    const current = new Set(assessment.priorities.map((p) => p.id));
    const gone = priorities.filter((p) => !current.has(p.assessmentPriorityId)).map((p) => p.assessmentPriorityId);
    if (gone.length) {
      throw new RuleViolation('priority-removed-from-assessment', `A review removed these priorities from the assessment since this version was drafted: ${gone.join(', ')}.`, {
        assessmentPriorityIds: gone,
      });
    }

    const now = this.clock.now();
    const superseded = await m
      .createQueryBuilder()
      .update(ControlStrategy)
      .set({ status: 'superseded', supersededAt: now, supersededById: id, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where(`partnership_id = :partnershipId AND status = 'current'`, { partnershipId })
      .returning(['id'])
      .execute();
    const supersededIds = (superseded.raw as { id: string }[]).map((r) => r.id);
    for (const previous of supersededIds) {
      await this.audit.record({ action: 'control_strategy.superseded', target: { type: 'control_strategy', id: previous }, details: { supersededById: id } });
    }
    // The superseded version no longer controls anything: its staleness flag closes (the new one rests on a reviewed, approved assessment).
    await this.flags.resolveFor({ type: 'control_strategy', id: supersededIds }, { kinds: ['control_strategy_stale'], partnershipId });
    await m
      .createQueryBuilder()
      .update(ControlStrategy)
      .set({ status: 'current', publishedAt: now, publishedBy: publisher, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
    await this.audit.record({
      action: 'control_strategy.published',
      target: { type: 'control_strategy', id },
      details: { versionNumber: strategy.versionNumber, strategicAssessmentId: assessment.id, supersededControlStrategyId: supersededIds[0] ?? null },
    });
    await this.outbox.add({
      type: 'control_strategy.published',
      subject: { type: 'control_strategy', id },
      data: {
        controlStrategyId: id,
        versionNumber: strategy.versionNumber,
        status: 'current',
        strategicAssessmentId: assessment.id,
        supersededControlStrategyId: supersededIds[0] ?? null,
        link: `/api/v1/partnerships/${partnershipId}/control-strategies/${id}`,
      },
    });
    return this.get(partnershipId, id);
  }

  // ---- internals --------------------------------------------------------

  /**
   * An assessment's review due date moved (a review, or a new interval): the
   * current strategy resting on it is resolved as no longer stale when its
   * assessment is not stale now. When it still is (a shorter interval made
   * it overdue on another date), the next scan moves the flag to the new cause.
   */
  private async reviewCycleMoved(change: ReviewCycleMoved): Promise<void> {
    const current = await this.tx.manager
      .getRepository(ControlStrategy)
      .findBy({ partnershipId: change.partnershipId, strategicAssessmentId: change.strategicAssessmentId, status: 'current' });
    if (!current.length) return;
    const standing = (await this.assessments.standings(change.partnershipId, [change.strategicAssessmentId])).get(change.strategicAssessmentId);
    if (!standing || standing.stale) return;
    await this.flags.resolveFor({ type: 'control_strategy', id: current.map((s) => s.id) }, { kinds: ['control_strategy_stale'], partnershipId: change.partnershipId });
  }

  private async lockVersions(partnershipId: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('control_strategies'), hashtext($1))`, [partnershipId]);
  }

  /**
   * The stable id of each submitted priority: the one named explicitly (it
   * must be a control strategy priority of this partnership), else the id
   * the latest earlier version gave the same assessment priority, else a new one.
   */
  private async stableIds(partnershipId: string, priorities: ControlStrategyPriorityInput[]): Promise<string[]> {
    const m = this.tx.manager;
    const explicit = priorities.map((p) => p.id).filter((id): id is string => id !== undefined);
    if (new Set(explicit).size !== explicit.length) throw new RuleViolation('duplicate-priority', 'A control strategy priority id appears twice.');
    if (explicit.length) {
      const known = await m.query<{ id: string }[]>(
        'SELECT DISTINCT id FROM control_strategy_priorities WHERE partnership_id = $1 AND id = ANY($2::uuid[])',
        [partnershipId, explicit.filter(isUuid)],
      );
      const knownIds = new Set(known.map((r) => r.id));
      const unknown = explicit.filter((id) => !knownIds.has(id));
      if (unknown.length) {
        throw new RuleViolation('unknown-control-strategy-priority', `Not a control strategy priority of this partnership: ${unknown.join(', ')}.`, { ids: unknown });
      }
    }
    const earlier = await m.query<{ assessmentPriorityId: string; id: string }[]>(
      `SELECT DISTINCT ON (p.assessment_priority_id) p.assessment_priority_id AS "assessmentPriorityId", p.id
         FROM control_strategy_priorities p JOIN control_strategies s ON s.id = p.control_strategy_id
        WHERE s.partnership_id = $1 AND p.assessment_priority_id = ANY($2::uuid[])
        ORDER BY p.assessment_priority_id, s.version_number DESC`,
      [partnershipId, priorities.map((p) => p.assessmentPriorityId)],
    );
    const previous = new Map(earlier.map((r) => [r.assessmentPriorityId, r.id]));
    const taken = new Set(explicit);
    return priorities.map((p) => {
      if (p.id) return p.id;
      const reused = previous.get(p.assessmentPriorityId);
      if (reused && !taken.has(reused)) {
        taken.add(reused);
        return reused;
      }
      return uuidv7();
    });
  }

  private async views(partnershipId: string, strategies: ControlStrategy[]): Promise<ControlStrategyView[]> {
    if (!strategies.length) return [];
    const priorities = await this.tx.manager
      .getRepository(ControlStrategyPriority)
      .createQueryBuilder('p')
      .where('p.control_strategy_id = ANY(:ids)', { ids: strategies.map((s) => s.id) })
      .orderBy('p.control_strategy_id')
      .addOrderBy('p.position', 'ASC')
      .getMany();
    const standings = await this.assessments.standings(partnershipId, strategies.map((s) => s.strategicAssessmentId));
    return strategies.map((strategy) => ({
      strategy,
      priorities: priorities.filter((p) => p.controlStrategyId === strategy.id),
      assessment: standings.get(strategy.strategicAssessmentId)!,
    }));
  }
}
