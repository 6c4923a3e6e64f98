import { defineScanner } from '../flags';
import { REVIEW_DUE_SOON_DAYS } from './assessment.constants';

/**
 * The review cycle of the approved assessment, as flags. Both read the
 * stored `next_review_due` of approved assessments through the partial
 * index `ix_strategic_assessments_review_due` (approved rows only: at most
 * one per partnership), so a scan never reads drafts or superseded history.
 *
 * The flag's due date is the review's due date D: one flag per review cycle
 * and kind. A review moves D (the next cycle is a new cause); the review's
 * transaction resolves the flags of the old D.
 *
 * The two kinds follow `reviewState` (reviewStateOn): `due_soon` from
 * REVIEW_DUE_SOON_DAYS days before D up to and including D, `overdue` from
 * the day after D. On the day after D the due-soon flag is resolved by the
 * scan and the overdue one raised.
 */
export const assessmentReviewDueSoonScanner = defineScanner({
  kind: 'assessment_review_due_soon',
  subjectType: 'strategic_assessment',
  index: 'ix_strategic_assessments_review_due',
  description: `Approved strategic assessments whose quarterly review falls due within ${REVIEW_DUE_SOON_DAYS} days (the due date included)`,
  sql: `SELECT a.partnership_id, a.id AS subject_id, a.next_review_due AS due_date
          FROM strategic_assessments a
         WHERE a.status = 'approved' AND a.next_review_due >= $1::date AND a.next_review_due <= $1::date + ${REVIEW_DUE_SOON_DAYS}`,
});

export const assessmentReviewOverdueScanner = defineScanner({
  kind: 'assessment_review_overdue',
  subjectType: 'strategic_assessment',
  index: 'ix_strategic_assessments_review_due',
  description: 'Approved strategic assessments whose review due date has passed without a review',
  sql: `SELECT a.partnership_id, a.id AS subject_id, a.next_review_due AS due_date
          FROM strategic_assessments a
         WHERE a.status = 'approved' AND a.next_review_due < $1::date`,
});
