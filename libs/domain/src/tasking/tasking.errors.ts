import { errorCatalogue } from '@app/core';

/** Refusals of the tasking context: groups, meetings, decisions and actions. */
export const TaskingErrors = errorCatalogue('tasking', {
  taskingGroupExists: { kind: 'conflict', summary: 'A tasking group with that name already exists in the partnership.' },
  chairNotMember: { kind: 'rule', summary: 'The chair must be a member of the partnership.' },
  meetingNotClosed: { kind: 'conflict', summary: 'The meeting is not closed yet: minutes and addenda come once it is.' },
  meetingNotOpen: { kind: 'conflict', summary: 'The meeting has not been opened yet: its chair opens it first.' },
  meetingClosed: { kind: 'conflict', summary: 'The meeting is closed and its minutes are frozen; add an addendum instead.' },
  meetingDatePassed: { kind: 'rule', summary: 'A meeting is not scheduled on a day already past (Europe/London).' },
  chairRoleRequired: { kind: 'rule', summary: 'The chair must hold the chair or admin role in the partnership.' },
  deputyChairNotMember: { kind: 'rule', summary: 'The deputy chair must be a member of the partnership.' },
  deputyChairRoleRequired: { kind: 'rule', summary: 'The deputy chair must hold the chair or admin role in the partnership.' },
  deputyChairIsChair: { kind: 'rule', summary: 'The deputy chair must be someone other than the chair.' },
  meetingNotScheduled: { kind: 'conflict', summary: 'The meeting is already open or closed; only a scheduled meeting is opened.' },
  groupHasOpenMeeting: { kind: 'conflict', summary: 'Another meeting of the group is open; close it first.' },
  dueDateInPast: { kind: 'rule', summary: 'The due date has passed (Europe/London).' },
  actionTransitionNotAllowed: { kind: 'conflict', summary: "The action's status cannot move from its current status to the one asked." },
});
