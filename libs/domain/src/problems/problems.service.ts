import { Injectable } from '@nestjs/common';
import { Clock, invalidInput, isUuid, notFound, uuidv7, type InvalidField } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal } from '@app/core/security';
import { AuditService } from '../audit';
import { OutboxService } from '../notifications';
import { PartnershipsService } from '../partnerships';
import { ControlStrategiesService, StrategyErrors } from '../strategy';
import {
  coordinatesProblem,
  locationCodeProblem,
  normaliseLocation,
  normaliseLocationCode,
  type ProblemLocationInput,
  type ProblemLocationValue,
} from './locations';
import type { ProblemSource, ProblemStage, ProblemView, StageChangeKind } from './problem.constants';
import type { Problem } from './problem.entity';
import { assertOpen, readableRecord, stageFacts } from './problem-assembly';
import { ProblemCategoriesService } from './problem-categories.service';
import { isUnevaluated, type ActorRef, type ProblemRecord, type ProblemSummary } from './problem-record';
import { ProblemReadsRepository, type ProblemReference } from './problem-reads.repository';
import { ProblemsRepository } from './problems.repository';
import { ProblemErrors, stageRuleRefusal } from './problems.errors';
import { arrangeProblem, type ProblemModelView } from './problem-views';
import { formatProblemReference, PROBLEM_REFERENCE_PATTERN } from './reference';
import { missingNeed, transitionRefusal } from './stage-rules';
import { recordAndAnnounce } from '../shared/changes';

export interface ProblemInput {
  title: string;
  description?: string | null;
  objective?: string | null;
  category: string;
  source: ProblemSource;
  locations: ProblemLocationInput[];
  controlStrategyPriorityId?: string | null;
  plannedAssessmentDate?: string | null;
}

export type ProblemChanges = Partial<ProblemInput>;

export interface ProblemQuery extends PageQueryDto {
  stage?: ProblemStage;
  category?: string;
  source?: ProblemSource;
  priorityId?: string;
  locationCode?: string;
  unevaluated?: boolean;
  q?: string;
}

export interface StageChangeRecord {
  id: string;
  kind: StageChangeKind;
  from: ProblemStage | null;
  to: ProblemStage;
  reason: string | null;
  changedBy: ActorRef;
  changedAt: Date;
}

export type { ProblemReference } from './problem-reads.repository';

const SCALAR_FIELDS = ['title', 'description', 'objective', 'category', 'source', 'controlStrategyPriorityId', 'plannedAssessmentDate'] as const;

/**
 * Problem records (SARA): creating and changing the scanning fields, the
 * stage machine, the list and its filters, and reading one record (or one
 * model's view of it). The analysis, responses and evaluation are in
 * ProblemWorkService.
 *
 * Rules:
 * - the reference is the partnership's prefix and a number without gaps
 *   (ProblemReferenceCounter);
 * - the category is one of the partnership's (422 `unknown-category`); a
 *   control strategy priority must be a priority of the partnership's
 *   current control strategy when it is set (422 `priority-not-current`);
 * - stages move one forward at a time, each when its needs are met
 *   (stage-rules.ts: 409 for an illegal move, 422 naming the missing need);
 *   a chair reopens a closed problem to response with a reason, which sets
 *   its evaluation aside (closing again needs a new one);
 * - a closed problem is not changed (409 `problem-closed`);
 * - every change moves the version (ETag); If-Match is checked under the row lock;
 * - every change and every read of one record is audited; creation and
 *   stage changes go to the outbox (ids, stages and the reference only).
 */
@Injectable()
export class ProblemsService {
  constructor(
    private readonly repository: ProblemsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly partnerships: PartnershipsService,
    private readonly strategies: ControlStrategiesService,
    private readonly categories: ProblemCategoriesService,
    private readonly reads: ProblemReadsRepository,
  ) {}

  // ---- reads ------------------------------------------------------------

  /**
   * One problem as the caller may read it, optionally through another
   * model's headings. Every read is audited (`problem.read`): the record can
   * carry personal data.
   */
  async read(partnershipId: string, id: string, view?: ProblemView): Promise<ProblemRecord | ProblemModelView> {
    const record = await this.record(partnershipId, id);
    await this.audit.record({
      action: 'problem.read',
      target: { type: 'problem', id: record.id },
      details: { reference: record.reference, view: view ?? 'record', personalData: !record.personalDataWithheld },
    });
    return view ? arrangeProblem(record, view) : record;
  }

  /** Newest first (by number), filtered; never the triangle, responses or evaluation. */
  async list(partnershipId: string, query: ProblemQuery): Promise<Page<ProblemSummary>> {
    const today = this.clock.today();
    const q = query.q?.trim();
    const byReference = q && PROBLEM_REFERENCE_PATTERN.test(q.toUpperCase());
    const page = await readPage(
      query,
      (after, limit) =>
        this.reads.listPage(
          partnershipId,
          {
            stage: query.stage,
            category: query.category,
            source: query.source,
            priorityId: query.priorityId?.toLowerCase(),
            locationCode: query.locationCode ? normaliseLocationCode(query.locationCode) : undefined,
            unevaluated: query.unevaluated,
            today,
            reference: byReference ? q.toUpperCase() : undefined,
            search: q && !byReference ? q : undefined,
            beforeNumber: after ? Number(after.k) : undefined,
          },
          limit,
        ),
      (r) => ({ k: r.problem.number, id: r.problem.id }),
      (r) => r,
    );
    return {
      items: page.items.map(({ problem: p, locations }) => ({
        id: p.id,
        reference: p.reference,
        title: p.title,
        description: p.description,
        category: p.category,
        source: p.source,
        locations,
        controlStrategyPriorityId: p.controlStrategyPriorityId,
        stage: p.stage,
        stageChangedAt: p.stageChangedAt,
        plannedAssessmentDate: p.plannedAssessmentDate,
        evaluated: p.evaluatedAt !== null,
        unevaluated: isUnevaluated({ ...p, evaluated: p.evaluatedAt !== null }, today),
        version: p.version,
        createdAt: p.createdAt,
        updatedAt: p.updatedAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /** Who moved the problem where and when, oldest first. */
  async history(partnershipId: string, id: string, query: PageQueryDto): Promise<Page<StageChangeRecord>> {
    const problem = await this.repository.find(partnershipId, id);
    if (!problem) throw notFound('problem');
    return readPage(
      query,
      (after, limit) => this.repository.stageChanges(problem.id, { after: after && { changedAt: String(after.k), id: after.id }, limit }),
      (r) => ({ k: r.changedAt.toISOString(), id: r.id }),
      (r) => ({
        id: r.id,
        kind: r.kind,
        from: r.fromStage,
        to: r.toStage,
        reason: r.reason,
        changedBy: { type: r.actorType as ActorRef['type'], id: r.actorId },
        changedAt: r.changedAt,
      }),
    );
  }

  // ---- for other contexts (tasking agendas and links) ---------------------

  /**
   * Thin references to problems of the partnership (id, reference, title,
   * stage, dates): what other contexts show and link to. Unknown ids are
   * left out. Never the description, the triangle or the evaluation.
   */
  async references(partnershipId: string, ids: readonly string[]): Promise<ProblemReference[]> {
    const wanted = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (!wanted.length) return [];
    return this.reads.references(partnershipId, wanted);
  }

  /**
   * What a tasking agenda reads of problems, in one statement:
   * - due for review before `before` (a London date, exclusive): not closed,
   *   with a planned assessment date before it (passed ones included),
   *   earliest first (ix_problems_for_review: read in its order);
   * - new nominations: problems still at scanning logged at or after `since`
   *   (all of them when null), oldest first. A problem at scanning has never
   *   changed stage, so its stage change instant is when it was logged (by
   *   the clock; ix_problems_scanning_logged);
   * - how many problems that are not closed serve each control strategy priority.
   * Each list at most `limit`.
   */
  async agendaSections(
    partnershipId: string,
    options: { before: string; since: Date | null; priorityIds: readonly string[]; limit: number },
  ): Promise<{ forReview: ProblemReference[]; nominations: ProblemReference[]; openByPriority: Map<string, number> }> {
    return this.reads.agendaSections(partnershipId, options);
  }

  /** How many problems were logged (by the clock, their `created` stage change) in [from, to] (Europe/London dates, inclusive) from each source (one grouped statement; for figures). */
  async countsBySource(partnershipId: string, from: string, to: string): Promise<Map<ProblemSource, number>> {
    return this.reads.countsBySource(partnershipId, from, to);
  }

  // ---- changes ----------------------------------------------------------

  /** A new problem at scanning (analysts, chairs, admins, keys with problems:write). */
  async create(partnershipId: string, input: ProblemInput): Promise<ProblemRecord> {
    const locations = checkLocations(input.locations);
    await this.checkCategory(partnershipId, input.category);
    await this.checkPriority(partnershipId, input.controlStrategyPriorityId ?? null);
    const { referencePrefix } = await this.partnerships.get(partnershipId);
    const number = await this.repository.nextNumber(partnershipId);
    const id = uuidv7();
    const reference = formatProblemReference(referencePrefix, number);
    const now = this.clock.now();
    await this.repository.insert({
      id,
      partnershipId,
      number,
      reference,
      title: input.title.trim(),
      description: blankToNull(input.description),
      objective: blankToNull(input.objective),
      category: input.category,
      source: input.source,
      controlStrategyPriorityId: input.controlStrategyPriorityId?.toLowerCase() ?? null,
      stage: 'scanning',
      stageChangedAt: now,
      plannedAssessmentDate: input.plannedAssessmentDate ?? null,
      evaluatedAt: null,
    });
    await this.repository.replaceLocations(partnershipId, id, locations);
    await this.repository.recordStageChange(
      { id, partnershipId },
      { kind: 'created', from: null, to: 'scanning', at: now, reason: null, actor: actorOf(currentPrincipal()) },
    );
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'problem.created',
      subject: { type: 'problem', id },
      details: { reference, category: input.category, source: input.source, controlStrategyPriorityId: input.controlStrategyPriorityId ?? null },
      data: {
        problemId: id,
        reference,
        stage: 'scanning',
        category: input.category,
        source: input.source,
        controlStrategyPriorityId: input.controlStrategyPriorityId ?? null,
        link: link(partnershipId, id),
      },
    });
    return this.record(partnershipId, id);
  }

  /** Changes the scanning fields (only those sent). Not on a closed problem (409). */
  async update(partnershipId: string, id: string, changes: ProblemChanges, expectedVersion?: number): Promise<ProblemRecord> {
    const problem = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    assertOpen(problem, 'change it');
    const set: Partial<Problem> = {};
    const changed: string[] = [];
    const normalised: Partial<Record<(typeof SCALAR_FIELDS)[number], unknown>> = {
      title: changes.title?.trim(),
      description: changes.description === undefined ? undefined : blankToNull(changes.description),
      objective: changes.objective === undefined ? undefined : blankToNull(changes.objective),
      category: changes.category,
      source: changes.source,
      controlStrategyPriorityId: changes.controlStrategyPriorityId === undefined ? undefined : (changes.controlStrategyPriorityId?.toLowerCase() ?? null),
      plannedAssessmentDate: changes.plannedAssessmentDate,
    };
    for (const key of SCALAR_FIELDS) {
      const value = normalised[key];
      if (value !== undefined && value !== problem[key]) {
        (set as Record<string, unknown>)[key] = value;
        changed.push(key);
      }
    }
    if (set.title === '' || set.title === null) throw invalidInput([{ path: 'title', message: 'title must not be empty' }]);
    if ('description' in set && set.description === null && problem.stage !== 'scanning') {
      throw ProblemErrors.scanningIncomplete.error('The description is a scanning field: it can only be removed while the problem is at scanning.', {
        missing: ['description'],
      });
    }
    if (set.category !== undefined) await this.checkCategory(partnershipId, set.category);
    if (set.controlStrategyPriorityId) await this.checkPriority(partnershipId, set.controlStrategyPriorityId);
    if ('plannedAssessmentDate' in set && set.plannedAssessmentDate === null && problem.stage === 'assessment') {
      throw ProblemErrors.plannedAssessmentDateRequired.error('A problem at assessment keeps its planned assessment date.');
    }
    let locations: ProblemLocationValue[] | undefined;
    if (changes.locations !== undefined) {
      locations = checkLocations(changes.locations);
      const current = (await this.repository.locationsOf([problem.id])).get(problem.id)!;
      if (JSON.stringify(current) !== JSON.stringify(locations)) changed.push('locations');
      else locations = undefined;
    }
    if (!changed.length) return this.record(partnershipId, problem.id);
    if (locations) await this.repository.replaceLocations(partnershipId, problem.id, locations);
    await this.repository.update(problem.id, set);
    await this.audit.record({
      action: 'problem.updated',
      target: { type: 'problem', id: problem.id },
      details: { reference: problem.reference, fields: changed.sort() },
    });
    return this.record(partnershipId, problem.id);
  }

  /**
   * Moves the problem one stage forward to `to`: 409 when `to` is not the
   * next stage (or the problem is closed), 422 naming the need that is not met.
   */
  async advance(partnershipId: string, id: string, to: ProblemStage, expectedVersion?: number): Promise<ProblemRecord> {
    const problem = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    const illegal = transitionRefusal(problem.stage, to);
    if (illegal) throw stageRuleRefusal(illegal.rule, 'conflict').error(illegal.detail, illegal.extensions);
    const need = missingNeed(to, stageFacts(await this.repository.parts(problem)));
    if (need) throw stageRuleRefusal(need.rule, 'rule').error(need.detail, { stage: problem.stage, to, ...need.extensions });
    await this.changeStage(problem, 'advanced', to, null);
    return this.record(partnershipId, problem.id);
  }

  /**
   * Reopens a closed problem to response (chairs), with a reason. Its
   * evaluation is kept for the record but set aside: closing it again needs
   * a new one.
   */
  async reopen(partnershipId: string, id: string, reason: string, expectedVersion?: number): Promise<ProblemRecord> {
    const problem = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    if (problem.stage !== 'closed') {
      throw ProblemErrors.problemNotClosed.error(`The problem is at ${problem.stage}; only a closed problem is reopened.`, { stage: problem.stage });
    }
    const text = reason.trim();
    if (!text) throw invalidInput([{ path: 'reason', message: 'reason must not be empty' }]);
    await this.changeStage(problem, 'reopened', 'response', text);
    return this.record(partnershipId, problem.id);
  }

  // ---- internals --------------------------------------------------------

  /** The record as the caller may read it, in one statement (404 when not the partnership's). */
  private async record(partnershipId: string, id: string): Promise<ProblemRecord> {
    return readableRecord(await this.reads.record(partnershipId, id), this.clock.today());
  }

  private async changeStage(problem: Problem, kind: 'advanced' | 'reopened', to: ProblemStage, reason: string | null): Promise<void> {
    const now = this.clock.now();
    const from = problem.stage;
    await this.repository.update(problem.id, { stage: to, stageChangedAt: now, ...(kind === 'reopened' && { evaluatedAt: null }) });
    await this.repository.recordStageChange(problem, { kind, from, to, at: now, reason, actor: actorOf(currentPrincipal()) });
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'problem.stage_changed',
      auditAction: kind === 'reopened' ? 'problem.reopened' : 'problem.stage_changed',
      subject: { type: 'problem', id: problem.id },
      details: { reference: problem.reference, from, to },
      data: { problemId: problem.id, reference: problem.reference, from, to, reopened: kind === 'reopened', link: link(problem.partnershipId, problem.id) },
    });
  }

  private async checkCategory(partnershipId: string, category: string): Promise<void> {
    if (!(await this.categories.exists(partnershipId, category))) {
      throw ProblemErrors.unknownCategory.error(`${category} is not one of this partnership's problem categories (GET .../problem-categories).`, { category });
    }
  }

  private async checkPriority(partnershipId: string, priorityId: string | null): Promise<void> {
    if (priorityId === null) return;
    const current = await this.strategies.findCurrentPriority(partnershipId, priorityId.toLowerCase());
    if (!current) {
      throw StrategyErrors.priorityNotCurrent.error("controlStrategyPriorityId must be a priority of the partnership's current control strategy.", {
        controlStrategyPriorityId: priorityId,
      });
    }
  }
}

function link(partnershipId: string, id: string): string {
  return `/api/v1/partnerships/${partnershipId}/problems/${id}`;
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

/** Validates and normalises locations (at least one); 400 with a path per bad field. */
export function checkLocations(input: ProblemLocationInput[]): ProblemLocationValue[] {
  const errors: InvalidField[] = [];
  if (!Array.isArray(input) || input.length < 1) errors.push({ path: 'locations', message: 'give at least one location' });
  (input ?? []).forEach((l, i) => {
    if (l.code !== undefined && l.code !== null) {
      const problem = locationCodeProblem(l.code);
      if (problem) errors.push({ path: `locations[${i}].code`, message: `code ${problem}` });
    }
    if (typeof l.label !== 'string' || !l.label.trim()) errors.push({ path: `locations[${i}].label`, message: 'label must not be empty' });
    const coordinates = coordinatesProblem(l.lat, l.lng);
    if (coordinates) errors.push({ path: `locations[${i}]`, message: coordinates });
  });
  if (errors.length) throw invalidInput(errors);
  return input.map(normaliseLocation);
}
