import { defineScanner } from '../flags';

/**
 * Unevaluated problems (DOMAIN.md): no current evaluation, and either the
 * planned assessment date has passed, or the problem reached closure without
 * one (imported or legacy records). `evaluated_at` is null exactly while a
 * problem has no current evaluation, so both branches read `problems` alone,
 * each through a partial index holding only problems without one:
 *
 * - open problems by planned assessment date (`ix_problems_unevaluated_planned`):
 *   the range `< today` reads only those past their date. The due date is
 *   the planned assessment date D, or the day the problem was last reopened
 *   when that is later: reopening sets the evaluation aside, which starts a
 *   new cause even when D stays the same (one flag per cause, and the
 *   earlier cause's flag was resolved by the evaluation);
 * - closed problems (`ix_problems_closed_unevaluated`): all of them are due,
 *   on the day they were closed.
 *
 * Saving an evaluation resolves the flag in its transaction; a new planned
 * date or a reopening is picked up by the next scan (the flag of the old
 * cause resolved, one for the new cause raised).
 */
export const problemUnevaluatedScanner = defineScanner({
  kind: 'problem_unevaluated',
  subjectType: 'problem',
  index: ['ix_problems_unevaluated_planned', 'ix_problems_closed_unevaluated'],
  description: 'Problems past their planned assessment date, or closed, without a current evaluation',
  sql: `SELECT p.partnership_id, p.id AS subject_id,
               GREATEST(p.planned_assessment_date,
                        (SELECT (max(c.changed_at) AT TIME ZONE 'Europe/London')::date
                           FROM problem_stage_changes c
                          WHERE c.problem_id = p.id AND c.kind = 'reopened')) AS due_date,
               'planned_assessment_date_passed' AS reason, p.stage
          FROM problems p
         WHERE p.evaluated_at IS NULL AND p.stage <> 'closed' AND p.planned_assessment_date < $1::date
        UNION ALL
        SELECT p.partnership_id, p.id AS subject_id, (p.stage_changed_at AT TIME ZONE 'Europe/London')::date AS due_date,
               'closed_without_evaluation' AS reason, p.stage
          FROM problems p
         WHERE p.evaluated_at IS NULL AND p.stage = 'closed'`,
});
