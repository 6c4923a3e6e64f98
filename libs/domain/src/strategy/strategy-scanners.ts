import { defineScanner } from '../flags';

/**
 * A control strategy is stale while it is the partnership's current one and
 * rests on an assessment that is overdue for review or superseded (the
 * `staleAssessment` of the API). The candidates are the current strategies,
 * read through the partial unique index `uq_control_strategies_one_current`
 * (one per partnership at most, however many versions exist); each looks up
 * its assessment by primary key.
 *
 * The due date names the cause: the assessment's review due date D while it
 * is overdue (as for its `assessment_review_overdue` flag), or the day it
 * was superseded. Recording the review (or moving D by an interval change)
 * resolves the flag in that transaction when the strategy is no longer
 * stale; publishing a new version resolves the superseded version's flag.
 *
 * The lookup is a LATERAL subquery kept apart by `OFFSET 0`: the scan turns
 * nested loops off for its set comparisons (FlagScanService), and a plain
 * join would then hash the whole assessments table; the lateral lookup can
 * only run as an index lookup per current strategy.
 */
export const controlStrategyStaleScanner = defineScanner({
  kind: 'control_strategy_stale',
  subjectType: 'control_strategy',
  index: 'uq_control_strategies_one_current',
  description: 'Current control strategies resting on an assessment overdue for review, or superseded',
  sql: `SELECT s.partnership_id, s.id AS subject_id, st.due_date, s.strategic_assessment_id AS "strategicAssessmentId", st.reason
          FROM control_strategies s
         CROSS JOIN LATERAL (
           SELECT CASE WHEN a.status = 'superseded' THEN (a.superseded_at AT TIME ZONE 'Europe/London')::date ELSE a.next_review_due END AS due_date,
                  CASE WHEN a.status = 'superseded' THEN 'assessment_superseded' ELSE 'assessment_review_overdue' END AS reason
             FROM strategic_assessments a
            WHERE a.id = s.strategic_assessment_id
              AND (a.status = 'superseded' OR (a.status = 'approved' AND a.next_review_due < $1::date))
           OFFSET 0) st
         WHERE s.status = 'current'`,
});
