import { daysBetween } from '@app/core/clock';
import { ACTION_TRANSITIONS, type ActionStatus } from './tasking.constants';

/** Why an action cannot go from `from` to `to` (null when it can). Staying put is not a transition. */
export function actionTransitionRefusal(from: ActionStatus, to: ActionStatus): string | null {
  if (from === to) return null;
  if (ACTION_TRANSITIONS[from].includes(to)) return null;
  const allowed = ACTION_TRANSITIONS[from];
  return `An action that is ${from} can go to ${allowed.join(' or ')}, not to ${to}.`;
}

export function isOpenStatus(status: ActionStatus): boolean {
  return status === 'open' || status === 'in_progress';
}

/** Overdue: open or in progress, and the due date is before today (both Europe/London dates). */
export function isOverdue(status: ActionStatus, dueDate: string, today: string): boolean {
  return isOpenStatus(status) && dueDate < today;
}

/** Whole days an open action is past its due date (0 when it is not overdue). */
export function daysOverdue(status: ActionStatus, dueDate: string, today: string): number {
  return isOverdue(status, dueDate, today) ? daysBetween(dueDate, today) : 0;
}

/**
 * The on-time rate of an agency: actions done on time, over the actions that
 * have reached a verdict - done (on time or late) or still open past their
 * due date. Actions still open and not yet due, and cancelled ones, are left
 * out. Null when no action has reached a verdict. Rounded to four decimals.
 */
export function onTimeRate(doneOnTime: number, doneLate: number, openOverdue: number): number | null {
  const judged = doneOnTime + doneLate + openOverdue;
  if (!judged) return null;
  return Math.round((doneOnTime / judged) * 10_000) / 10_000;
}
