import type { MeasureChange, Measurement } from './evaluation-rules';
import type { ProblemLocationValue } from './locations';
import type {
  DisplacementKind,
  ImpactResult,
  ProblemSource,
  ProblemStage,
  RepeatPattern,
  ResponseStatus,
  ResponseType,
  Triangle,
  TriangleSide,
} from './problem.constants';

/** Who did something: a person, an API key, or the system. */
export interface ActorRef {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  id: string | null;
}

export interface AnalysisRecord {
  /** Null when withheld from the caller (personal data). */
  triangle: Triangle | null;
  sidesAnalysed: TriangleSide[];
  repeatPatterns: RepeatPattern[];
  baseline: Measurement | null;
  updatedAt: Date;
}

export interface ResponseRecord {
  id: string;
  problemId: string;
  description: string;
  type: ResponseType;
  ownerAgencyId: string;
  startDate: string;
  endDate: string | null;
  status: ResponseStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ProcessEntry {
  responseId: string;
  delivered: boolean;
  /** Null when withheld from the caller, or not given. */
  note: string | null;
}

export interface EvaluationRecord {
  process: ProcessEntry[];
  impact: Measurement & { result: ImpactResult };
  /** Baseline to impact when both count the same measure; null otherwise. */
  change: MeasureChange | null;
  displacement: { kinds: DisplacementKind[]; note: string | null };
  diffusionOfBenefits: string | null;
  lessons: string | null;
  /** False once the problem was reopened after this evaluation: closing again needs a new one. */
  current: boolean;
  evaluatedAt: Date;
  evaluatedBy: ActorRef;
}

export interface PriorityLink {
  id: string;
  /** The priority's title in the current control strategy; null when it is no longer in it. */
  title: string | null;
  current: boolean;
}

/** A problem as one caller may read it (personal fields withheld where they may not). */
export interface ProblemRecord {
  id: string;
  partnershipId: string;
  reference: string;
  title: string;
  description: string | null;
  objective: string | null;
  category: string;
  source: ProblemSource;
  locations: ProblemLocationValue[];
  controlStrategyPriorityId: string | null;
  controlStrategyPriority: PriorityLink | null;
  stage: ProblemStage;
  stageChangedAt: Date;
  plannedAssessmentDate: string | null;
  /** Planned assessment date passed with no evaluation, or closed without one. */
  unevaluated: boolean;
  analysis: AnalysisRecord | null;
  responses: ResponseRecord[];
  evaluation: EvaluationRecord | null;
  /** True when this caller may not read the triangle and the evaluation's free text (they are null here). */
  personalDataWithheld: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A row of the problem list: never the triangle, the responses or the evaluation. */
export interface ProblemSummary {
  id: string;
  reference: string;
  title: string;
  description: string | null;
  category: string;
  source: ProblemSource;
  locations: ProblemLocationValue[];
  controlStrategyPriorityId: string | null;
  stage: ProblemStage;
  stageChangedAt: Date;
  plannedAssessmentDate: string | null;
  evaluated: boolean;
  unevaluated: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Whether a problem is unevaluated on `today` (Europe/London): its planned
 * assessment date has passed (today is after it) with no current
 * evaluation, or it is closed without one.
 */
export function isUnevaluated(p: { stage: ProblemStage; plannedAssessmentDate: string | null; evaluated: boolean }, today: string): boolean {
  if (p.evaluated) return false;
  if (p.stage === 'closed') return true;
  return p.plannedAssessmentDate !== null && p.plannedAssessmentDate < today;
}
