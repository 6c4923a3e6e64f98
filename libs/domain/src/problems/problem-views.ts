import type { ProblemView } from './problem.constants';
import type { EvaluationRecord, ProblemRecord, ResponseRecord } from './problem-record';

/** One heading of a problem-solving model, with the parts of the record that belong under it. */
export interface ViewSection {
  key: string;
  heading: string;
  content: Record<string, unknown>;
}

/** A problem record read through one model (SARA, OSARA, PROCTOR, CAPRA or the 5Is). */
export interface ProblemModelView {
  id: string;
  reference: string;
  title: string;
  stage: string;
  model: ProblemView;
  modelName: string;
  sections: ViewSection[];
  personalDataWithheld: boolean;
  /** The record's version (its ETag). */
  version: number;
}

const MODEL_NAMES: Record<ProblemView, string> = {
  sara: 'SARA (Scanning, Analysis, Response, Assessment)',
  osara: 'OSARA (Objective, Scanning, Analysis, Response, Assessment)',
  proctor: 'PROCTOR (PROblem, Cause, Tactic/Treatment, Output, Result)',
  capra: 'CAPRA (Clients, Acquire/Analyse, Partnerships, Response, Assessment)',
  '5is': '5Is (Intelligence, Intervention, Implementation, Involvement, Impact)',
};

const iso = (d: Date) => d.toISOString();

function response(r: ResponseRecord) {
  return { id: r.id, description: r.description, type: r.type, ownerAgencyId: r.ownerAgencyId, startDate: r.startDate, endDate: r.endDate, status: r.status };
}

function scanning(p: ProblemRecord) {
  return { title: p.title, description: p.description, category: p.category, source: p.source, locations: p.locations };
}

/** The Problem Analysis Triangle and the patterns found: what PROCTOR calls the cause. */
function causes(p: ProblemRecord) {
  return {
    triangle: p.analysis?.triangle ?? null,
    sidesAnalysed: p.analysis?.sidesAnalysed ?? [],
    repeatPatterns: p.analysis?.repeatPatterns ?? [],
  };
}

function analysis(p: ProblemRecord) {
  return { ...causes(p), baseline: p.analysis?.baseline ?? null };
}

function evaluation(e: EvaluationRecord | null) {
  if (!e) return { evaluation: null };
  return {
    evaluation: {
      process: e.process,
      impact: e.impact,
      change: e.change,
      displacement: e.displacement,
      diffusionOfBenefits: e.diffusionOfBenefits,
      lessons: e.lessons,
      current: e.current,
      evaluatedAt: iso(e.evaluatedAt),
    },
  };
}

function results(p: ProblemRecord) {
  const e = p.evaluation;
  return {
    baseline: p.analysis?.baseline ?? null,
    impact: e?.impact ?? null,
    change: e?.change ?? null,
    result: e?.impact.result ?? null,
    displacement: e?.displacement ?? null,
    diffusionOfBenefits: e?.diffusionOfBenefits ?? null,
    lessons: e?.lessons ?? null,
  };
}

/** Whether each response was delivered, from the process evaluation (null when not evaluated yet). */
function delivery(p: ProblemRecord) {
  const process = new Map((p.evaluation?.process ?? []).map((e) => [e.responseId, e]));
  return p.responses.map((r) => ({
    id: r.id,
    ownerAgencyId: r.ownerAgencyId,
    startDate: r.startDate,
    endDate: r.endDate,
    status: r.status,
    delivered: process.get(r.id)?.delivered ?? null,
    note: process.get(r.id)?.note ?? null,
  }));
}

const agencies = (p: ProblemRecord) => [...new Set(p.responses.map((r) => r.ownerAgencyId))];

const section = (key: string, heading: string, content: Record<string, unknown>): ViewSection => ({ key, heading, content });

/** The responses under "Response", as SARA, OSARA and CAPRA all list them. */
const responseSection = (p: ProblemRecord) =>
  section('response', 'Response', { responses: p.responses.map(response), plannedAssessmentDate: p.plannedAssessmentDate });

const assessmentSection = (p: ProblemRecord) => section('assessment', 'Assessment', evaluation(p.evaluation));

/** Analysis, Response, Assessment: the last three headings of SARA and OSARA. */
const saraTail = (p: ProblemRecord) => [section('analysis', 'Analysis', analysis(p)), responseSection(p), assessmentSection(p)];

/** Each model's headings, in its order (docs/problem-models.md). */
const MODEL_SECTIONS: Record<ProblemView, (p: ProblemRecord) => ViewSection[]> = {
  sara: (p) => [section('scanning', 'Scanning', { ...scanning(p), controlStrategyPriority: p.controlStrategyPriority }), ...saraTail(p)],
  osara: (p) => [
    section('objective', 'Objective', {
      objective: p.objective,
      controlStrategyPriority: p.controlStrategyPriority,
      measure: p.analysis?.baseline?.measure ?? null,
      plannedAssessmentDate: p.plannedAssessmentDate,
    }),
    section('scanning', 'Scanning', scanning(p)),
    ...saraTail(p),
  ],
  proctor: (p) => [
    section('problem', 'Problem', scanning(p)),
    section('cause', 'Cause', causes(p)),
    section('tactic', 'Tactic/Treatment', {
      responses: p.responses.map((r) => ({ id: r.id, description: r.description, type: r.type, ownerAgencyId: r.ownerAgencyId })),
    }),
    section('output', 'Output', { responses: delivery(p), plannedAssessmentDate: p.plannedAssessmentDate }),
    section('result', 'Result', results(p)),
  ],
  capra: (p) => [
    section('clients', 'Clients', {
      source: p.source,
      locations: p.locations,
      victim: p.analysis?.triangle?.victim ?? null,
      guardian: p.analysis?.triangle?.guardian ?? null,
      repeatVictimisation: p.analysis?.repeatPatterns.includes('repeat_victim') ?? false,
    }),
    section('acquireAnalyse', 'Acquire/Analyse information', { title: p.title, description: p.description, category: p.category, ...analysis(p) }),
    section('partnerships', 'Partnerships', { controlStrategyPriority: p.controlStrategyPriority, agencyIds: agencies(p) }),
    responseSection(p),
    assessmentSection(p),
  ],
  '5is': (p) => [
    section('intelligence', 'Intelligence', { ...scanning(p), ...analysis(p) }),
    section('intervention', 'Intervention', { responses: p.responses.map((r) => ({ id: r.id, description: r.description, type: r.type })) }),
    section('implementation', 'Implementation', { responses: delivery(p), plannedAssessmentDate: p.plannedAssessmentDate }),
    section('involvement', 'Involvement', { agencyIds: agencies(p), controlStrategyPriority: p.controlStrategyPriority, source: p.source }),
    section('impact', 'Impact', results(p)),
  ],
};

/**
 * The same record arranged under the headings of another problem-solving
 * model (documented in docs/problem-models.md). Nothing is added that the
 * record does not hold, and what was withheld from the caller stays withheld.
 */
export function arrangeProblem(p: ProblemRecord, model: ProblemView): ProblemModelView {
  return {
    id: p.id,
    reference: p.reference,
    title: p.title,
    stage: p.stage,
    model,
    modelName: MODEL_NAMES[model],
    sections: MODEL_SECTIONS[model](p),
    personalDataWithheld: p.personalDataWithheld,
    version: p.version,
  };
}
