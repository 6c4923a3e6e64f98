/**
 * Tasking and coordinating groups (NIM): a strategic group meets about
 * quarterly, a tactical group weekly to monthly.
 */
export const GROUP_LEVELS = ['strategic', 'tactical'] as const;
export type GroupLevel = (typeof GROUP_LEVELS)[number];

/** A strategic group's default cadence: about a quarter. A tactical group's is the partnership's tacticalCadenceDays. */
export const STRATEGIC_CADENCE_DAYS = 91;

/** A meeting is scheduled, opened (its agenda frozen) and closed (its minutes frozen). */
export const MEETING_STATUSES = ['scheduled', 'open', 'closed'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

/** How an agency took part in a meeting. */
export const ATTENDANCE_STATUSES = ['present', 'apologies', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

/** An action's status. Open and in progress are "open" (they can be overdue); done and cancelled are finished. */
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OPEN_ACTION_STATUSES = ['open', 'in_progress'] as const satisfies readonly ActionStatus[];

/** Where an action may go from each status (a finished action is reopened to open or in progress; a cancelled one to open). */
export const ACTION_TRANSITIONS: Readonly<Record<ActionStatus, readonly ActionStatus[]>> = {
  open: ['in_progress', 'done', 'cancelled'],
  in_progress: ['open', 'done', 'cancelled'],
  done: ['open', 'in_progress'],
  cancelled: ['open'],
};

/** The agenda's sections, in the order a meeting takes them. */
export const AGENDA_SECTIONS = ['overdueActions', 'actionsDue', 'problemsForReview', 'newNominations', 'priorities', 'flags'] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];

/** Entries per agenda section in a meeting's answer unless the caller asks for more (?agendaLimit=). */
export const AGENDA_DEFAULT_SECTION_SIZE = 25;

/** At most this many entries per agenda section (the agenda says which sections were cut short). */
export const AGENDA_SECTION_LIMIT = 200;

/** The human reference of an action: the partnership's prefix, A, and its number, e.g. CDF-A-0007. */
export function formatActionReference(prefix: string, number: number): string {
  return `${prefix}-A-${String(number).padStart(4, '0')}`;
}
export const ACTION_REFERENCE_PATTERN = /^[A-Z]{2,5}-A-\d{4,}$/;

export const TASKING_LIMITS = {
  groupName: 120,
  groupAgencies: 100,
  cadenceDays: { min: 1, max: 365 },
  title: 200,
  text: 20_000,
  note: 2_000,
  ownerName: 120,
  attendee: 120,
  attendance: 200,
} as const;
