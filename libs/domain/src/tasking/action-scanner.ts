import { defineScanner } from '../flags';

/**
 * Actions open or in progress past their due date (Europe/London), across
 * every partnership. One flag per action and due date: an action whose due
 * date moves is a new cause. Served by the partial index
 * `ix_actions_open_due`, so a scan costs what is open, not the whole table.
 * The flag is resolved in the transaction that marks the action done or
 * cancelled (ActionsService), otherwise by the next scan.
 */
export const actionOverdueScanner = defineScanner({
  kind: 'action_overdue',
  subjectType: 'action',
  index: 'ix_actions_open_due',
  description: 'Actions open or in progress past their due date',
  sql: `SELECT a.partnership_id, a.id AS subject_id, a.due_date, a.reference AS "reference", a.owner_agency_id AS "ownerAgencyId", a.meeting_id AS "meetingId"
          FROM actions a
         WHERE a.status IN ('open', 'in_progress') AND a.due_date < $1::date`,
});
