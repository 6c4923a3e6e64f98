import { addCalendarMonths, daysBetween } from '@app/core/clock';
import { REVIEW_DUE_SOON_DAYS, type ReviewState } from './assessment.constants';

/**
 * The review cycle of an approved assessment. Its anchor is the later of the
 * approval date and the last review date (Europe/London calendar dates); the
 * next review is due the partnership's review interval (1-3 calendar months)
 * after it, clamped to the end of a shorter month.
 */
export function reviewAnchor(approvedOn: string, lastReviewedOn: string | null): string {
  return lastReviewedOn && lastReviewedOn > approvedOn ? lastReviewedOn : approvedOn;
}

export function nextReviewDue(anchor: string, intervalMonths: number): string {
  return addCalendarMonths(anchor, intervalMonths);
}

/** not_due, due_soon (within 14 days, the due date included) or overdue (the due date has passed). */
export function reviewStateOn(due: string, today: string): ReviewState {
  const daysLeft = daysBetween(today, due);
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= REVIEW_DUE_SOON_DAYS) return 'due_soon';
  return 'not_due';
}
