import { addCalendarDays } from '@app/core/clock';
import type { ReviewState, AssessmentStatus } from '../assessments';
import type { FlagKind } from '../flags';
import type { ProblemStage } from '../problems';
import { AGENDA_SECTIONS, type AgendaSection } from './tasking.constants';
import type { ActionStatus, GroupLevel } from './tasking.constants';
import type { AgendaNomination } from './agenda-extensions';

/** An action as the agenda names it: ids, reference, title, owner and dates (never the officer's name). */
export interface AgendaAction {
  id: string;
  reference: string;
  title: string;
  ownerAgencyId: string;
  dueDate: string;
  status: ActionStatus;
  /** Days past the due date (0 when not overdue). */
  daysOverdue: number;
  meetingId: string | null;
  problemId: string | null;
  controlStrategyPriorityId: string | null;
}

/** A problem as the agenda names it: never the triangle, the description or the evaluation. */
export interface AgendaProblem {
  id: string;
  reference: string;
  title: string;
  stage: ProblemStage;
  plannedAssessmentDate: string | null;
  controlStrategyPriorityId: string | null;
  /** When it reached its stage (for a new nomination: when it was logged). */
  stageChangedAt: string;
}

/** A priority of the current control strategy with its activity. */
export interface AgendaPriority {
  id: string;
  title: string;
  leadAgencyId: string;
  openProblems: number;
  openActions: number;
  /** No open problem and no open action serves it. */
  noActivity: boolean;
  /** The strategy rests on an assessment that is overdue for review or superseded. */
  staleAssessment: boolean;
}

export interface AgendaFlag {
  id: string;
  kind: FlagKind;
  subjectType: string;
  subjectId: string;
  dueDate: string;
  raisedAt: string;
  acknowledged: boolean;
}

/** What a strategic group's agenda adds: the review cycle of the assessment and the standing of the strategy. */
export interface AgendaStrategicReview {
  /** The partnership's approved assessment; null when none is approved. */
  assessment: { id: string; title: string; status: AssessmentStatus; nextReviewDue: string | null; reviewState: ReviewState | null } | null;
  /** The current control strategy; null when none is published. */
  controlStrategy: { id: string; versionNumber: number; strategicAssessmentId: string; staleAssessment: boolean } | null;
  /** Set when the current strategy rests on an overdue or superseded assessment. */
  staleStrategyWarning: string | null;
  /** The approved assessment's intelligence requirement items with nothing received in its review period (0-based index and text). */
  intelligenceRequirementGaps: { index: number; requirement: string }[];
}

/**
 * A meeting's generated agenda. Computed when read until the meeting opens,
 * then stored with it (frozen). Dates are Europe/London calendar dates.
 */
export interface Agenda {
  /** When it was generated (an instant). */
  generatedAt: string;
  /** The London date it was judged on: overdue means due before this. */
  asOf: string;
  level: GroupLevel;
  /** Actions due and problems for review fall before this date (exclusive). */
  horizon: string;
  /** `next_meeting`: the date of the group's next scheduled meeting; `cadence`: the meeting's date plus the group's cadence. */
  horizonFrom: 'next_meeting' | 'cadence';
  nextMeetingId: string | null;
  /** The group's previous meeting (the last one opened before this); null for its first. */
  previousMeetingId: string | null;
  /** New nominations are problems created since this instant (the previous meeting's opening); null: all at scanning. */
  nominationsSince: string | null;
  overdueActions: AgendaAction[];
  actionsDue: AgendaAction[];
  problemsForReview: AgendaProblem[];
  /** Problems at scanning logged since the previous meeting, then the open nominations of the intake context (`type: 'nomination'`). */
  newNominations: (AgendaProblem | AgendaNomination)[];
  priorities: AgendaPriority[];
  flags: AgendaFlag[];
  /** Strategic groups only (null for tactical groups). */
  strategicReview: AgendaStrategicReview | null;
  /** Sections cut short at the section limit. */
  truncated: AgendaSection[];
}

/**
 * The horizon of "actions due" and "problems for review": the London date of
 * the group's next scheduled meeting when there is one, otherwise the
 * meeting's own date plus the group's cadence. Exclusive: an action due on
 * the next meeting's day is that meeting's business.
 */
export function agendaHorizon(
  meetingDate: string,
  nextMeetingDate: string | null,
  cadenceDays: number,
): { horizon: string; horizonFrom: Agenda['horizonFrom'] } {
  if (nextMeetingDate && nextMeetingDate > meetingDate) return { horizon: nextMeetingDate, horizonFrom: 'next_meeting' };
  return { horizon: addCalendarDays(meetingDate, cadenceDays), horizonFrom: 'cadence' };
}

/** The warning a strategic agenda shows when the current strategy rests on a stale assessment. */
export function staleStrategyWarning(
  strategy: { versionNumber: number; staleAssessment: boolean } | null,
  assessment: { status: AssessmentStatus; nextReviewDue: string | null } | null,
): string | null {
  if (!strategy?.staleAssessment) return null;
  if (assessment?.status === 'approved' && assessment.nextReviewDue) {
    return `Control strategy version ${strategy.versionNumber} rests on a strategic assessment whose review was due on ${assessment.nextReviewDue}: record a review, then republish the strategy if its priorities change.`;
  }
  return `Control strategy version ${strategy.versionNumber} rests on a strategic assessment that has been superseded: build and publish a version from the approved assessment.`;
}

/** The sections that are lists of entries (priorities are one row per priority of the strategy, never cut). */
const LIST_SECTIONS = ['overdueActions', 'actionsDue', 'problemsForReview', 'newNominations', 'flags'] as const satisfies readonly AgendaSection[];

/**
 * The agenda with each list section cut to `size` entries: what a chair
 * reads first. Sections cut (here, or at generation) are named in
 * `truncated`, in the order a meeting takes them.
 */
export function trimAgenda(agenda: Agenda, size: number): Agenda {
  const cut = new Set<AgendaSection>(agenda.truncated);
  const trimmed: Agenda = { ...agenda };
  for (const section of LIST_SECTIONS) {
    const entries = agenda[section] as unknown[];
    if (entries.length > size) {
      (trimmed as unknown as Record<string, unknown[]>)[section] = entries.slice(0, size);
      cut.add(section);
    }
  }
  trimmed.truncated = AGENDA_SECTIONS.filter((s) => cut.has(s));
  return trimmed;
}
