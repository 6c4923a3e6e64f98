import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, isUuid, notFound, uuidv7, oneRow } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit';
import { AssessmentErrors, ReviewCycleListeners, type ReviewCycleMoved, StrategicAssessmentsService, type AssessmentStanding } from '../assessments';
import { FlagsService } from '../flags';
import { OutboxService } from '../notifications';
import { PartnershipErrors, PartnershipsService } from '../partnerships';
import { ControlStrategiesRepository, type CurrentPriority } from './control-strategies.repository';
import type { ControlStrategyStatus, StrandPlans } from './control-strategy.constants';
import type { ControlStrategyPriority } from './control-strategy-priority.entity';
import type { ControlStrategy } from './control-strategy.entity';
import { StrategyErrors } from './strategy.errors';
import { requirePerson } from '../shared/actors';
import { recordAndAnnounce } from '../shared/changes';

export type { CurrentPriority };

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
    private readonly repository: ControlStrategiesRepository,
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
    const [found] = await this.repository.currentPriorities(partnershipId, controlStrategyPriorityId);
    return found ?? null;
  }

  /** The priorities of the partnership's current control strategy, in its order; empty when none is published. */
  listCurrentPriorities(partnershipId: string): Promise<CurrentPriority[]> {
    return this.repository.currentPriorities(partnershipId);
  }

  // ---- reads ------------------------------------------------------------

  async get(partnershipId: string, id: string): Promise<ControlStrategyView> {
    const strategy = await this.repository.find(partnershipId, id);
    if (!strategy) throw notFound('control strategy');
    return oneRow(await this.views(partnershipId, [strategy]), 'the control strategy view');
  }

  /** The current (published) version; 404 when none has been published. */
  async current(partnershipId: string): Promise<ControlStrategyView> {
    const view = await this.findCurrent(partnershipId);
    if (!view) throw notFound('control strategy', 'No control strategy has been published in this partnership.');
    return view;
  }

  /** The current (published) version with its assessment's standing, or null when none has been published (for other contexts, e.g. agendas). */
  async findCurrent(partnershipId: string): Promise<ControlStrategyView | null> {
    const strategy = await this.repository.findCurrent(partnershipId);
    if (!strategy) return null;
    return oneRow(await this.views(partnershipId, [strategy]), 'the control strategy view');
  }

  /**
   * The current strategy with its priorities and its assessment's standing,
   * and the approved assessment, in one statement (for tasking agendas).
   */
  async agendaStanding(partnershipId: string): Promise<AgendaStrategyStanding> {
    const row = await this.repository.agendaRow(partnershipId);
    const today = this.clock.today();
    const current = row.current && { ...row.current, assessment: this.assessments.standing(row.current.assessment, today) };
    const approved = row.approved && { ...this.assessments.standing(row.approved, today), title: row.approved.title };
    return { current, approved };
  }

  /** Every version, newest first. */
  async list(partnershipId: string, query: PageQueryDto & { status?: ControlStrategyStatus }): Promise<Page<ControlStrategyView>> {
    const page = await readPage(
      query,
      (after, limit) => this.repository.page(partnershipId, { status: query.status, beforeVersionNumber: after ? Number(after.k) : undefined, limit }),
      (r) => ({ k: r.versionNumber, id: r.id }),
      (r) => r,
    );
    return { items: await this.views(partnershipId, page.items), nextCursor: page.nextCursor };
  }

  // ---- changes ----------------------------------------------------------

  /** A new draft version (analysts). */
  async create(partnershipId: string, input: ControlStrategyInput): Promise<ControlStrategyView> {
    const assessment = isUuid(input.strategicAssessmentId) ? await this.assessments.forStrategy(partnershipId, input.strategicAssessmentId) : null;
    if (!assessment) throw AssessmentErrors.unknownAssessment.error('The partnership has no such strategic assessment.');
    if (assessment.status !== 'approved') {
      throw AssessmentErrors.assessmentNotApprovedForStrategy.error(
        `The assessment is ${assessment.status}: a control strategy is built from the approved assessment.`,
      );
    }
    const inAssessment = new Map(assessment.priorities.map((p) => [p.id, p]));
    const strangers = input.priorities.filter((p) => !inAssessment.has(p.assessmentPriorityId)).map((p) => p.assessmentPriorityId);
    if (strangers.length) {
      throw StrategyErrors.priorityNotInAssessment.error(`Not a current priority of assessment ${assessment.id}: ${strangers.join(', ')}.`, {
        assessmentPriorityIds: strangers,
      });
    }
    const seen = new Set<string>();
    for (const p of input.priorities) {
      if (seen.has(p.assessmentPriorityId)) throw StrategyErrors.duplicatePriority.error(`Priority ${p.assessmentPriorityId} appears twice.`);
      seen.add(p.assessmentPriorityId);
    }
    const { controlStrategyStrands } = await this.partnerships.get(partnershipId);
    const allowed = new Set(controlStrategyStrands);
    const unknownStrands = [...new Set(input.priorities.flatMap((p) => Object.keys(p.strands)).filter((s) => !allowed.has(s)))];
    if (unknownStrands.length) {
      throw StrategyErrors.unknownStrand.error(
        `Not a strand of this partnership: ${unknownStrands.join(', ')} (its strands: ${controlStrategyStrands.join(', ')}).`,
        {
          strands: unknownStrands,
          allowedStrands: controlStrategyStrands,
        },
      );
    }
    const agencies = await this.partnerships.agencyIdsOf(
      partnershipId,
      input.priorities.map((p) => p.leadAgencyId),
    );
    const foreignAgencies = [...new Set(input.priorities.map((p) => p.leadAgencyId).filter((id) => !agencies.has(id)))];
    if (foreignAgencies.length) {
      throw PartnershipErrors.agencyNotInPartnership.error(`Not an agency of this partnership: ${foreignAgencies.join(', ')}.`, { agencyIds: foreignAgencies });
    }

    // Versions of one partnership are numbered (and published) one at a time.
    await this.repository.serialiseVersions(partnershipId);
    const priorities = await this.withStableIds(partnershipId, input.priorities);
    const next = await this.repository.nextVersionNumber(partnershipId);
    const id = uuidv7();
    await this.repository.insert(
      {
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
      },
      priorities.map((p, i) => ({
        controlStrategyId: id,
        id: p.id,
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
      details: { versionNumber: next, strategicAssessmentId: assessment.id, priorityIds: priorities.map((p) => p.id) },
    });
    return this.get(partnershipId, id);
  }

  /** Makes a draft the partnership's current control strategy (chairs). */
  async publish(partnershipId: string, id: string, expectedVersion?: number): Promise<ControlStrategyView> {
    const publisher = requirePerson('publish a control strategy');
    await this.repository.serialiseVersions(partnershipId);
    const strategy = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    if (strategy.status !== 'draft') {
      throw StrategyErrors.controlStrategyNotDraft.error(`Version ${strategy.versionNumber} is ${strategy.status}; only a draft can be published.`);
    }
    const assessment = (await this.assessments.forStrategy(partnershipId, strategy.strategicAssessmentId))!;
    if (assessment.status !== 'approved') {
      throw StrategyErrors.assessmentSuperseded.error(
        'The assessment this version was built from is no longer the approved one; build a new version from the approved assessment.',
      );
    }
    if (assessment.reviewState === 'overdue') {
      throw StrategyErrors.assessmentReviewOverdue.error(
        `The strategic assessment's review was due on ${assessment.nextReviewDue} and has not been recorded; record a review before publishing.`,
        { strategicAssessmentId: assessment.id, nextReviewDue: assessment.nextReviewDue },
      );
    }
    const priorities = await this.repository.prioritiesOf([id]);
    const current = new Set(assessment.priorities.map((p) => p.id));
    const gone = priorities.filter((p) => !current.has(p.assessmentPriorityId)).map((p) => p.assessmentPriorityId);
    if (gone.length) {
      throw StrategyErrors.priorityRemovedFromAssessment.error(
        `A review removed these priorities from the assessment since this version was drafted: ${gone.join(', ')}.`,
        {
          assessmentPriorityIds: gone,
        },
      );
    }

    const now = this.clock.now();
    const supersededIds = await this.repository.supersedeCurrent(partnershipId, id, now);
    for (const previous of supersededIds) {
      await this.audit.record({ action: 'control_strategy.superseded', target: { type: 'control_strategy', id: previous }, details: { supersededById: id } });
    }
    // The superseded version no longer controls anything: its staleness flag closes (the new one rests on a reviewed, approved assessment).
    await this.flags.resolveFor({ type: 'control_strategy', id: supersededIds }, { kinds: ['control_strategy_stale'], partnershipId });
    await this.repository.update(strategy.id, { status: 'current', publishedAt: now, publishedBy: publisher });
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'control_strategy.published',
      subject: { type: 'control_strategy', id },
      details: { versionNumber: strategy.versionNumber, strategicAssessmentId: assessment.id, supersededControlStrategyId: supersededIds[0] ?? null },
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
    const current = await this.repository.currentOn(change.partnershipId, change.strategicAssessmentId);
    if (!current.length) return;
    const standing = (await this.assessments.standings(change.partnershipId, [change.strategicAssessmentId])).get(change.strategicAssessmentId);
    if (!standing || standing.stale) return;
    await this.flags.resolveFor(
      { type: 'control_strategy', id: current.map((s) => s.id) },
      { kinds: ['control_strategy_stale'], partnershipId: change.partnershipId },
    );
  }

  /**
   * The stable id of each submitted priority: the one named explicitly (it
   * must be a control strategy priority of this partnership), else the id
   * the latest earlier version gave the same assessment priority, else a new one.
   */
  private async withStableIds(partnershipId: string, priorities: ControlStrategyPriorityInput[]): Promise<(ControlStrategyPriorityInput & { id: string })[]> {
    const explicit = priorities.map((p) => p.id).filter((id): id is string => id !== undefined);
    if (new Set(explicit).size !== explicit.length) throw StrategyErrors.duplicatePriority.error('A control strategy priority id appears twice.');
    if (explicit.length) {
      const knownIds = await this.repository.knownPriorityIds(partnershipId, explicit);
      const unknown = explicit.filter((id) => !knownIds.has(id));
      if (unknown.length) {
        throw StrategyErrors.unknownControlStrategyPriority.error(`Not a control strategy priority of this partnership: ${unknown.join(', ')}.`, {
          ids: unknown,
        });
      }
    }
    const previous = await this.repository.latestPriorityIds(
      partnershipId,
      priorities.map((p) => p.assessmentPriorityId),
    );
    const taken = new Set(explicit);
    return priorities.map((p) => {
      if (p.id) return { ...p, id: p.id };
      const reused = previous.get(p.assessmentPriorityId);
      if (reused && !taken.has(reused)) {
        taken.add(reused);
        return { ...p, id: reused };
      }
      return { ...p, id: uuidv7() };
    });
  }

  private async views(partnershipId: string, strategies: ControlStrategy[]): Promise<ControlStrategyView[]> {
    if (!strategies.length) return [];
    const priorities = await this.repository.prioritiesOf(strategies.map((s) => s.id));
    const standings = await this.assessments.standings(
      partnershipId,
      strategies.map((s) => s.strategicAssessmentId),
    );
    return strategies.map((strategy) => ({
      strategy,
      priorities: priorities.filter((p) => p.controlStrategyId === strategy.id),
      assessment: standings.get(strategy.strategicAssessmentId)!,
    }));
  }
}
