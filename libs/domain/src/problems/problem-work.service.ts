import { Injectable } from '@nestjs/common';
import { Clock, forbidden, invalidInput, notFound, uuidv7, versionMismatch } from '@app/core';
import { actorOf, currentPrincipal } from '@app/core/security';
import { AuditService } from '../audit';
import { FlagsService } from '../flags';
import { PartnershipErrors, PartnershipsService } from '../partnerships';
import { daysBetween } from '@app/core/clock';
import { CountedMeasures } from './counted-measures';
import type { Measurement } from './evaluation-rules';
import type { DisplacementKind, ImpactResult, ProblemStage, RepeatPattern, ResponseStatus, ResponseType, Triangle } from './problem.constants';
import type { Problem } from './problem.entity';
import { assertOpen, readableRecord, responseRecord } from './problem-assembly';
import type { ProblemRecord, ResponseRecord } from './problem-record';
import { ProblemReadsRepository } from './problem-reads.repository';
import type { ProblemResponse } from './problem-response.entity';
import { ProblemsRepository } from './problems.repository';
import { ProblemErrors } from './problems.errors';
import { sidesAnalysed } from './stage-rules';

export interface AnalysisInput {
  /** Each role free text, or null/absent when not analysed. */
  triangle: Partial<Triangle>;
  repeatPatterns?: RepeatPattern[];
  baseline?: Measurement | null;
}

export interface ResponseInput {
  description: string;
  type: ResponseType;
  ownerAgencyId: string;
  startDate: string;
  endDate?: string | null;
  status?: ResponseStatus;
}

export type ResponseChanges = Partial<ResponseInput>;

export interface EvaluationInput {
  process: { responseId: string; delivered: boolean; note?: string | null }[];
  impact: Measurement & { result: ImpactResult };
  displacement: { kinds: DisplacementKind[]; note?: string | null };
  diffusionOfBenefits?: string | null;
  lessons: string;
}

/** Where analysis, responses and evaluation may be written. */
const ANALYSIS_STAGES = ['analysis', 'response', 'assessment'] as const;
const NEW_RESPONSE_STAGES = ['response'] as const;
const RESPONSE_UPDATE_STAGES = ['response', 'assessment'] as const;
const EVALUATION_STAGES = ['assessment'] as const;

/**
 * The work on a problem: its analysis (the Problem Analysis Triangle,
 * repeat patterns, baseline), its responses and its evaluation.
 *
 * Rules:
 * - the analysis is written from analysis to assessment, responses are added
 *   at response and updated at response or assessment, the evaluation is
 *   written at assessment (409 `not-allowed-at-stage` elsewhere, 409
 *   `problem-closed` once closed);
 * - a response's owner is one of the partnership's agencies (422
 *   `agency-not-in-partnership`); a partner updates only the responses of
 *   their own agency and cannot hand one to another agency (403);
 * - the process evaluation names the problem's own responses (422
 *   `process-unknown-response`), each once (422 `duplicate-process-entry`);
 * - each write moves the problem's version (its ETag), responses have their own;
 * - saving an evaluation resolves the problem's `problem_unevaluated` flag
 *   in its transaction (the problem has a current evaluation again);
 * - every write is audited without its free text (which can name people).
 */
@Injectable()
export class ProblemWorkService {
  constructor(
    private readonly repository: ProblemsRepository,
    private readonly reads: ProblemReadsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly partnerships: PartnershipsService,
    private readonly flags: FlagsService,
    private readonly counted: CountedMeasures,
  ) {}

  /** Records (replaces) the analysis. */
  async putAnalysis(partnershipId: string, id: string, input: AnalysisInput, expectedVersion?: number): Promise<ProblemRecord> {
    const problem = await this.lockOpen(partnershipId, id, expectedVersion, 'record the analysis', ANALYSIS_STAGES);
    const triangle: Triangle = {
      offender: text(input.triangle.offender),
      handler: text(input.triangle.handler),
      victim: text(input.triangle.victim),
      guardian: text(input.triangle.guardian),
      location: text(input.triangle.location),
      manager: text(input.triangle.manager),
    };
    const baseline = input.baseline ? await this.countIfCounted(partnershipId, problem.id, input.baseline) : null;
    if (baseline) checkPeriod('baseline', baseline);
    const repeatPatterns = [...new Set(input.repeatPatterns ?? [])];
    await this.repository.saveAnalysis({
      problemId: problem.id,
      partnershipId,
      ...triangle,
      repeatPatterns,
      baselineMeasure: baseline?.measure.trim() ?? null,
      baselinePeriodStart: baseline?.periodStart ?? null,
      baselinePeriodEnd: baseline?.periodEnd ?? null,
      baselineValue: baseline?.value ?? null,
      baselineCounted: baseline?.counted ?? null,
    });
    await this.repository.update(problem.id);
    await this.audit.record({
      action: 'problem.analysis_recorded',
      target: { type: 'problem', id: problem.id },
      details: { reference: problem.reference, sidesAnalysed: sidesAnalysed(triangle), repeatPatterns, baseline: baseline !== null },
    });
    return this.record(partnershipId, problem.id);
  }

  /** Adds a response (at the response stage). `expectedVersion` is the problem's. */
  async addResponse(partnershipId: string, id: string, input: ResponseInput, expectedVersion?: number): Promise<ResponseRecord> {
    const problem = await this.lockOpen(partnershipId, id, expectedVersion, 'add a response', NEW_RESPONSE_STAGES);
    await this.checkAgency(partnershipId, input.ownerAgencyId);
    checkDates(input.startDate, input.endDate ?? null);
    const responseId = uuidv7();
    await this.repository.insertResponse({
      id: responseId,
      partnershipId,
      problemId: problem.id,
      description: input.description.trim(),
      type: input.type,
      ownerAgencyId: input.ownerAgencyId.toLowerCase(),
      startDate: input.startDate,
      endDate: input.endDate ?? null,
      status: input.status ?? 'planned',
    });
    return this.responseWritten(problem, responseId, 'problem.response_added', {
      type: input.type,
      ownerAgencyId: input.ownerAgencyId,
      status: input.status ?? 'planned',
    });
  }

  /**
   * Changes a response (only the fields sent). `expectedVersion` is the
   * response's. Partners may change only their own agency's responses, and
   * not hand them to another agency (403).
   */
  async updateResponse(partnershipId: string, id: string, responseId: string, changes: ResponseChanges, expectedVersion?: number): Promise<ResponseRecord> {
    const problem = await this.repository.lockForChange(partnershipId, id);
    const response = await this.repository.findResponse(partnershipId, problem.id, responseId);
    if (!response) throw notFound('response');
    const principal = currentPrincipal();
    if (principal?.kind === 'user' && principal.role === 'partner' && !principal.platformAdmin) {
      if (response.ownerAgencyId !== principal.agencyId) throw forbidden('A partner updates only the responses owned by their own agency.');
      if (changes.ownerAgencyId !== undefined && changes.ownerAgencyId.toLowerCase() !== response.ownerAgencyId) {
        throw forbidden('A partner cannot hand a response to another agency.');
      }
    }
    // The agency checks come first: a partner who may not change the response learns nothing of its version.
    if (expectedVersion !== undefined && expectedVersion !== response.version) throw versionMismatch();
    assertOpen(problem, 'change a response', RESPONSE_UPDATE_STAGES);

    const set: Partial<ProblemResponse> = {};
    if (changes.description !== undefined) set.description = changes.description.trim();
    if (changes.type !== undefined) set.type = changes.type;
    if (changes.ownerAgencyId !== undefined) set.ownerAgencyId = changes.ownerAgencyId.toLowerCase();
    if (changes.startDate !== undefined) set.startDate = changes.startDate;
    if (changes.endDate !== undefined) set.endDate = changes.endDate;
    if (changes.status !== undefined) set.status = changes.status;
    const changed = (Object.keys(set) as (keyof ProblemResponse)[]).filter((k) => set[k] !== response[k]);
    if (!changed.length) return responseRecord(response);
    if (set.ownerAgencyId !== undefined && changed.includes('ownerAgencyId')) await this.checkAgency(partnershipId, set.ownerAgencyId);
    checkDates(set.startDate ?? response.startDate, set.endDate === undefined ? response.endDate : set.endDate);
    await this.repository.updateResponse(response.id, set);
    return this.responseWritten(problem, response.id, 'problem.response_updated', {
      fields: changed.sort(),
      ...(changed.includes('status') && { status: { from: response.status, to: set.status } }),
    });
  }

  /** Records (replaces) the evaluation, at the assessment stage. */
  async putEvaluation(partnershipId: string, id: string, input: EvaluationInput, expectedVersion?: number): Promise<ProblemRecord> {
    const problem = await this.lockOpen(partnershipId, id, expectedVersion, 'record the evaluation', EVALUATION_STAGES);
    checkPeriod('impact', input.impact);
    if (input.impact.counted) {
      const baseline = (await this.record(partnershipId, problem.id)).analysis?.baseline ?? null;
      if (!baseline?.counted)
        throw ProblemErrors.baselineNotCounted.error(
          'A counted impact compares with a counted baseline: count the baseline first (PUT .../analysis with baseline.counted).',
        );
      const same = [...baseline.counted.categories].sort().join(',') === [...input.impact.counted.categories].sort().join(',');
      if (!same)
        throw ProblemErrors.countedMeasureMismatch.error('A counted impact counts the same categories as its baseline.', {
          baselineCategories: baseline.counted.categories,
        });
      const baselineDays = daysBetween(baseline.periodStart, baseline.periodEnd) + 1;
      const impactDays = daysBetween(input.impact.periodStart, input.impact.periodEnd) + 1;
      if (baselineDays !== impactDays) {
        throw ProblemErrors.countedPeriodMismatch.error(
          `The impact period has ${impactDays} days and the baseline's ${baselineDays}: count periods of the same length, or the change is not honest.`,
          {
            baselineDays,
            impactDays,
          },
        );
      }
      input = { ...input, impact: { ...input.impact, ...(await this.countIfCounted(partnershipId, problem.id, input.impact)) } };
    }
    const kinds = [...new Set(input.displacement.kinds)];
    if (kinds.includes('none') && kinds.length > 1) {
      throw invalidInput([{ path: 'displacement.kinds', message: 'none cannot be combined with a kind of displacement' }]);
    }
    const responses = new Set((await this.repository.responsesOf(problem.id)).map((r) => r.id));
    const seen = new Set<string>();
    for (const entry of input.process) {
      const responseId = entry.responseId.toLowerCase();
      if (!responses.has(responseId)) {
        throw ProblemErrors.processUnknownResponse.error(`Response ${entry.responseId} is not a response of this problem.`, { responseId: entry.responseId });
      }
      if (seen.has(responseId))
        throw ProblemErrors.duplicateProcessEntry.error(`Response ${entry.responseId} appears twice in the process evaluation.`, { responseId });
      seen.add(responseId);
    }
    const now = this.clock.now();
    const actor = actorOf(currentPrincipal());
    await this.repository.saveEvaluation({
      problemId: problem.id,
      partnershipId,
      process: input.process.map((e) => ({ responseId: e.responseId.toLowerCase(), delivered: e.delivered, note: text(e.note) })),
      impactMeasure: input.impact.measure.trim(),
      impactPeriodStart: input.impact.periodStart,
      impactPeriodEnd: input.impact.periodEnd,
      impactValue: input.impact.value,
      impactCounted: input.impact.counted ?? null,
      impactResult: input.impact.result,
      displacementKinds: kinds,
      displacementNote: text(input.displacement.note),
      diffusionOfBenefits: text(input.diffusionOfBenefits),
      lessons: input.lessons.trim(),
      evaluatedAt: now,
      evaluatedByType: actor.type,
      evaluatedById: actor.id,
    });
    await this.repository.update(problem.id, { evaluatedAt: now });
    await this.flags.resolveFor({ type: 'problem', id: problem.id }, { kinds: ['problem_unevaluated'], partnershipId });
    await this.audit.record({
      action: 'problem.evaluation_recorded',
      target: { type: 'problem', id: problem.id },
      details: { reference: problem.reference, result: input.impact.result, displacement: kinds, processEntries: input.process.length },
    });
    return this.record(partnershipId, problem.id);
  }

  /** After a response is written: the problem's version moves on, the change is audited, and the response is read back. */
  private async responseWritten(problem: Problem, responseId: string, action: string, details: Record<string, unknown>): Promise<ResponseRecord> {
    await this.repository.update(problem.id);
    await this.audit.record({
      action,
      target: { type: 'problem_response', id: responseId },
      details: { problemId: problem.id, reference: problem.reference, ...details },
    });
    return responseRecord(await this.repository.response(responseId));
  }

  /** A locked problem that is not closed, at one of `stages` (404, 412, then 409). */
  private async lockOpen(
    partnershipId: string,
    id: string,
    expectedVersion: number | undefined,
    what: string,
    stages: readonly ProblemStage[],
  ): Promise<Problem> {
    const problem = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    assertOpen(problem, what, stages);
    return problem;
  }

  /** The record as the caller may read it, in one statement. */
  private async record(partnershipId: string, id: string): Promise<ProblemRecord> {
    return readableRecord(await this.reads.record(partnershipId, id), this.clock.today());
  }

  /**
   * A counted measure's value: the incidents of its categories at the
   * problem's location codes (LSOA or ward) in the period, counted by the
   * intake context (CountedMeasures); a measure that is not counted as given.
   */
  private async countIfCounted(partnershipId: string, problemId: string, m: Measurement): Promise<Measurement> {
    if (!m.counted) return { ...m, counted: null };
    checkPeriod('counted', m);
    const categories = [...new Set(m.counted.categories)].sort();
    const locationCodes = (await this.record(partnershipId, problemId)).locations.map((l) => l.code).filter((c): c is string => c !== null);
    if (!locationCodes.length)
      throw ProblemErrors.countedMeasureNeedsLocationCodes.error(
        "A counted measure counts incidents at the problem's locations: give its locations ward or LSOA codes.",
      );
    const value = await this.counted.count({ partnershipId, locationCodes, categories, periodStart: m.periodStart, periodEnd: m.periodEnd });
    return { ...m, value, counted: { categories } };
  }

  private async checkAgency(partnershipId: string, agencyId: string): Promise<void> {
    const known = await this.partnerships.agencyIdsOf(partnershipId, [agencyId.toLowerCase()]);
    if (!known.size) throw PartnershipErrors.agencyNotInPartnership.error(`${agencyId} is not an agency of this partnership.`, { agencyId });
  }
}

/** Trimmed text, or null when absent or blank. */
function text(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed ? trimmed : null;
}

function checkPeriod(path: string, m: Measurement): void {
  if (m.periodEnd < m.periodStart) throw invalidInput([{ path: `${path}.periodEnd`, message: 'periodEnd must not be before periodStart' }]);
  if (!m.measure.trim()) throw invalidInput([{ path: `${path}.measure`, message: 'measure must not be empty' }]);
}

function checkDates(start: string, end: string | null): void {
  if (end !== null && end < start) throw invalidInput([{ path: 'endDate', message: 'endDate must not be before startDate' }]);
}
