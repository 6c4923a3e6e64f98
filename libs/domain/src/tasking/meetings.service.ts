import { Injectable } from '@nestjs/common';
import { Clock, invalidInput, isUuid, notFound, pick, toLondonDate, uuidv7, versionMismatch } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal, storedActor, type Actor } from '@app/core/security';
import { requireGroupChair, requirePerson } from '../shared/actors';
import { recordAndAnnounce } from '../shared/changes';
import { AuditService } from '../audit';
import { OutboxService } from '../notifications';
import { PartnershipErrors, PartnershipsService } from '../partnerships';
import type { Agenda } from './agenda';
import { AgendaService } from './agenda.service';
import { ActionsService, type ActionDetail, type ActionInput, type ActionView } from './actions.service';
import type { Meeting, MeetingDecision } from './meeting.entity';
import { MeetingReadsRepository, type MeetingParts } from './meeting-reads.repository';
import { MeetingsRepository } from './meetings.repository';
import type { AttendanceStatus, MeetingStatus } from './tasking.constants';
import type { TaskingGroup } from './tasking-group.entity';
import { TaskingGroupsService } from './tasking-groups.service';
import { TaskingErrors } from './tasking.errors';

export interface AttendanceInput {
  agencyId: string;
  status: AttendanceStatus;
  attendee?: string | null;
}

export interface DecisionInput {
  text: string;
  problemId?: string | null;
  controlStrategyPriorityId?: string | null;
}

export interface AttendanceRecord {
  agencyId: string;
  status: AttendanceStatus;
  attendee: string | null;
}

export interface DecisionRecord {
  id: string;
  seq: number;
  text: string;
  problemId: string | null;
  controlStrategyPriorityId: string | null;
  recordedBy: Actor;
  recordedAt: Date;
}

export interface AddendumRecord {
  id: string;
  text: string;
  authorId: string;
  addedAt: Date;
}

export interface MeetingGroupRef {
  id: string;
  name: string;
  level: TaskingGroup['level'];
  chairUserId: string;
  deputyChairUserId: string | null;
}

/** A meeting as listed: no agenda or minutes. */
export interface MeetingSummary {
  meeting: Meeting;
  group: MeetingGroupRef;
}

/** A meeting with its agenda (generated now while scheduled, as frozen at opening afterwards) and its minutes. */
export interface MeetingView extends MeetingSummary {
  agenda: Agenda;
  agendaFrozen: boolean;
  attendance: AttendanceRecord[];
  decisions: DecisionRecord[];
  /** Actions made in the meeting, in order. */
  actions: ActionView[];
  addenda: AddendumRecord[];
}

/**
 * Meetings of tasking groups: scheduling, opening (freezing the agenda),
 * the minutes (attendance, decisions, actions) while open, closing, and
 * addenda after.
 *
 * Rules:
 * - a meeting is not scheduled on a day already past (422 `meeting-date-passed`);
 * - only the group's chair, its deputy chair or a partnership admin opens
 *   and closes it, as a person (403; who did is recorded); opening needs `scheduled` and no other open meeting of the
 *   group (409 `meeting-not-scheduled`, `group-has-open-meeting`); closing
 *   needs `open`;
 * - attendance, decisions and actions are recorded only while it is open:
 *   409 `meeting-not-open` while scheduled, `meeting-closed` once closed (the
 *   minutes are frozen); after closing only addenda (dated, authored, by a
 *   person) are added, and only then (409 `meeting-not-closed` before);
 * - attendance names agencies of the partnership, each once (422
 *   `agency-not-in-partnership`, 400); decision links are checked like an
 *   action's (422 `unknown-problem`, `priority-not-current`);
 * - every change moves the meeting's version (its ETag; If-Match 412) under
 *   its row lock, is audited, and closing writes `meeting.closed` to the outbox.
 */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly repository: MeetingsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly partnerships: PartnershipsService,
    private readonly groups: TaskingGroupsService,
    private readonly agendas: AgendaService,
    private readonly actions: ActionsService,
    private readonly reads: MeetingReadsRepository,
  ) {}

  // ---- reads ------------------------------------------------------------

  /** The meeting, its group and minutes in one statement, then its agenda (stored, or generated while scheduled). */
  async get(partnershipId: string, id: string): Promise<MeetingView> {
    const parts = isUuid(id) ? await this.reads.meeting(partnershipId, id.toLowerCase()) : null;
    if (!parts) throw notFound('meeting');
    return this.viewOf(parts);
  }

  /** A group's meetings, latest scheduled first. */
  async listForGroup(partnershipId: string, groupId: string, query: PageQueryDto & { status?: MeetingStatus }): Promise<Page<MeetingSummary>> {
    const group = await this.groups.find(partnershipId, groupId);
    if (!group) throw notFound('tasking group');
    return readPage(
      query,
      (after, limit) => this.repository.pageOfGroup(group.id, { status: query.status, after: after && { scheduledFor: String(after.k), id: after.id }, limit }),
      (r) => ({ k: r.scheduledFor.toISOString(), id: r.id }),
      (meeting) => ({ meeting, group: groupRef(group) }),
    );
  }

  // ---- lifecycle --------------------------------------------------------

  async schedule(partnershipId: string, groupId: string, scheduledFor: Date): Promise<MeetingView> {
    const group = await this.groups.find(partnershipId, groupId);
    if (!group) throw notFound('tasking group');
    const today = this.clock.today();
    const day = toLondonDate(scheduledFor);
    if (day < today)
      throw TaskingErrors.meetingDatePassed.error(`${day} has passed (today is ${today}, Europe/London).`, { scheduledFor: scheduledFor.toISOString(), today });
    const id = uuidv7();
    await this.repository.insert({ id, partnershipId, taskingGroupId: group.id, scheduledFor, status: 'scheduled', agenda: null });
    await this.audit.record({
      action: 'meeting.scheduled',
      target: { type: 'meeting', id },
      details: { taskingGroupId: group.id, scheduledFor: scheduledFor.toISOString() },
    });
    return this.get(partnershipId, id);
  }

  /** Opens the meeting and freezes its agenda, generated now, in the same transaction. */
  async open(partnershipId: string, id: string, expectedVersion?: number): Promise<MeetingView> {
    // Openings of one group's meetings queue on the group row (group, then meeting: the one lock order).
    const found = await this.repository.find(partnershipId, id);
    if (!found) throw notFound('meeting');
    await this.groups.lock(partnershipId, found.taskingGroupId);
    const { group, meeting } = await this.lock(partnershipId, id);
    const userId = requireGroupChair(group, 'open its meetings');
    checkVersion(meeting, expectedVersion);
    if (meeting.status !== 'scheduled') {
      throw TaskingErrors.meetingNotScheduled.error(`The meeting is ${meeting.status}; only a scheduled meeting is opened.`, { meetingStatus: meeting.status });
    }
    const other = await this.repository.otherOpenMeeting(group.id, meeting.id);
    if (other) throw TaskingErrors.groupHasOpenMeeting.error(`Another meeting of ${group.name} is open (${other}); close it first.`, { openMeetingId: other });
    const agenda = await this.agendas.generate(group, meeting);
    const now = this.clock.now();
    await this.repository.update(meeting.id, { status: 'open', openedAt: now, openedBy: userId, agenda });
    await this.audit.record({
      action: 'meeting.opened',
      target: { type: 'meeting', id: meeting.id },
      details: {
        taskingGroupId: group.id,
        agenda: Object.fromEntries(
          (['overdueActions', 'actionsDue', 'problemsForReview', 'newNominations', 'priorities', 'flags'] as const).map((s) => [s, agenda[s].length]),
        ),
      },
    });
    return this.get(partnershipId, meeting.id);
  }

  /** Closes the meeting: its minutes are frozen from now on. */
  async close(partnershipId: string, id: string, expectedVersion?: number): Promise<MeetingView> {
    const { group, meeting } = await this.lock(partnershipId, id);
    const userId = requireGroupChair(group, 'close its meetings');
    checkVersion(meeting, expectedVersion);
    assertOpen(meeting);
    const now = this.clock.now();
    await this.repository.update(meeting.id, { status: 'closed', closedAt: now, closedBy: userId });
    const { decisions, actionIds, attendance: attended } = await this.repository.tally(meeting.id);
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'meeting.closed',
      subject: { type: 'meeting', id: meeting.id },
      details: { taskingGroupId: group.id, decisions, actions: actionIds.length, attendance: attended },
      data: {
        meetingId: meeting.id,
        taskingGroupId: group.id,
        level: group.level,
        status: 'closed',
        scheduledFor: meeting.scheduledFor.toISOString(),
        closedAt: now.toISOString(),
        decisions,
        actionIds,
        link: link(partnershipId, meeting.id),
      },
    });
    return this.get(partnershipId, meeting.id);
  }

  // ---- the minutes (while open) -------------------------------------------

  /** Replaces the attendance with `entries` (one per agency). */
  async putAttendance(partnershipId: string, id: string, entries: AttendanceInput[], expectedVersion?: number): Promise<MeetingView> {
    const meeting = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    assertOpen(meeting);
    const agencyIds = entries.map((e) => e.agencyId.toLowerCase());
    const repeated = agencyIds.findIndex((a, i) => agencyIds.indexOf(a) !== i);
    if (repeated >= 0) throw invalidInput([{ path: `[${repeated}].agencyId`, message: 'an agency appears once in the attendance' }]);
    const known = await this.partnerships.agencyIdsOf(partnershipId, agencyIds);
    const foreign = agencyIds.filter((a) => !known.has(a));
    if (foreign.length)
      throw PartnershipErrors.agencyNotInPartnership.error(`Not an agency of this partnership: ${foreign.join(', ')}.`, { agencyIds: foreign });
    await this.repository.replaceAttendance(
      meeting.id,
      entries.map((e, i) => ({
        id: uuidv7(),
        partnershipId,
        meetingId: meeting.id,
        agencyId: e.agencyId.toLowerCase(),
        status: e.status,
        attendee: e.attendee?.trim() || null,
        position: i + 1,
      })),
    );
    await this.repository.update(meeting.id);
    const counts: Record<string, number> = {};
    for (const e of entries) counts[e.status] = (counts[e.status] ?? 0) + 1;
    await this.audit.record({ action: 'meeting.attendance_recorded', target: { type: 'meeting', id: meeting.id }, details: { agencyIds, counts } });
    return this.get(partnershipId, meeting.id);
  }

  /**
   * 403 unless the caller, a person, chairs the meeting's group (as its
   * chair or deputy chair) or is a partnership admin (requireGroupChair);
   * 404 for a meeting the partnership does not hold. For decisions reserved
   * to the chair.
   */
  async requireChair(partnershipId: string, id: string, what: string): Promise<void> {
    const meeting = await this.repository.find(partnershipId, id);
    if (!meeting) throw notFound('meeting');
    requireGroupChair((await this.groups.find(partnershipId, meeting.taskingGroupId))!, what);
  }

  async addDecision(partnershipId: string, id: string, input: DecisionInput, expectedVersion?: number): Promise<DecisionRecord> {
    const meeting = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    assertOpen(meeting);
    const text = input.text.trim();
    if (!text) throw invalidInput([{ path: 'text', message: 'text must not be empty' }]);
    const problemId = await this.actions.checkProblem(partnershipId, input.problemId ?? null);
    const priorityId = await this.actions.checkPriority(partnershipId, input.controlStrategyPriorityId ?? null);
    // The meeting row is locked: sequence numbers of one meeting are taken one at a time.
    const seq = await this.repository.nextDecisionSeq(meeting.id);
    const decisionId = uuidv7();
    const actor = actorOf(currentPrincipal());
    await this.repository.insertDecision({
      id: decisionId,
      partnershipId,
      meetingId: meeting.id,
      seq,
      text,
      problemId,
      controlStrategyPriorityId: priorityId,
      recordedAt: this.clock.now(),
      recordedByType: actor.type,
      recordedById: actor.id,
    });
    await this.repository.update(meeting.id);
    await this.audit.record({
      action: 'meeting.decision_recorded',
      target: { type: 'meeting', id: meeting.id },
      details: { decisionId, seq, problemId, controlStrategyPriorityId: priorityId },
    });
    return decisionRecord((await this.repository.decisionsOf(meeting.id)).find((d) => d.id === decisionId)!);
  }

  async addAction(partnershipId: string, id: string, input: ActionInput, expectedVersion?: number): Promise<ActionDetail> {
    const meeting = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    assertOpen(meeting);
    const action = await this.actions.create(partnershipId, input, meeting.id);
    await this.repository.update(meeting.id);
    return action;
  }

  // ---- after closing ------------------------------------------------------

  async addAddendum(partnershipId: string, id: string, text: string, expectedVersion?: number): Promise<AddendumRecord> {
    const authorId = requirePerson('add an addendum to the minutes');
    const meeting = await this.repository.lockForChange(partnershipId, id, expectedVersion);
    if (meeting.status !== 'closed') {
      throw TaskingErrors.meetingNotClosed.error(
        `The meeting is ${meeting.status}: addenda are added to a closed meeting's minutes; record the change in the meeting itself.`,
        {
          meetingStatus: meeting.status,
        },
      );
    }
    const body = text.trim();
    if (!body) throw invalidInput([{ path: 'text', message: 'text must not be empty' }]);
    const addendum = { id: uuidv7(), partnershipId, meetingId: meeting.id, text: body, authorId, addedAt: this.clock.now() };
    await this.repository.insertAddendum(addendum);
    await this.repository.update(meeting.id);
    await this.audit.record({ action: 'meeting.addendum_added', target: { type: 'meeting', id: meeting.id }, details: { addendumId: addendum.id } });
    return { id: addendum.id, text: addendum.text, authorId, addedAt: addendum.addedAt };
  }

  // ---- internals --------------------------------------------------------

  /** Locks the meeting row until the transaction ends (404 when not the partnership's), with its group. */
  private async lock(partnershipId: string, id: string): Promise<{ group: TaskingGroup; meeting: Meeting }> {
    const meeting = await this.repository.lockForChange(partnershipId, id);
    const group = (await this.groups.find(partnershipId, meeting.taskingGroupId))!;
    return { group, meeting };
  }

  private async viewOf(parts: MeetingParts): Promise<MeetingView> {
    const { meeting, group } = parts;
    const frozen = meeting.agenda !== null;
    return {
      meeting,
      group: groupRef(group),
      agenda: frozen ? meeting.agenda! : await this.agendas.generate(group, meeting, parts.neighbours),
      agendaFrozen: frozen,
      attendance: parts.attendance.map((a) => ({ agencyId: a.agencyId, status: a.status, attendee: a.attendee })),
      decisions: parts.decisions.map(decisionRecord),
      actions: this.actions.views(parts.actions),
      addenda: parts.addenda.map((a) => ({ id: a.id, text: a.text, authorId: a.authorId, addedAt: a.addedAt })),
    };
  }
}

function decisionRecord(d: MeetingDecision): DecisionRecord {
  return {
    ...pick(d, 'id', 'seq', 'text', 'problemId', 'controlStrategyPriorityId'),
    recordedBy: storedActor(d.recordedByType, d.recordedById),
    recordedAt: d.recordedAt,
  };
}

function groupRef(group: TaskingGroup): MeetingGroupRef {
  return { id: group.id, name: group.name, level: group.level, chairUserId: group.chairUserId, deputyChairUserId: group.deputyChairUserId ?? null };
}

/** 412 when If-Match named another version (checked after the chair check: a caller who may not act learns nothing of the version). */
function checkVersion(meeting: Meeting, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== meeting.version) throw versionMismatch();
}

/** 409 unless the meeting is open: `meeting-not-open` while scheduled, `meeting-closed` once closed. */
function assertOpen(meeting: Meeting): void {
  if (meeting.status === 'scheduled') {
    throw TaskingErrors.meetingNotOpen.error('The meeting has not been opened yet: its chair opens it first.', { meetingStatus: meeting.status });
  }
  if (meeting.status === 'closed') {
    throw TaskingErrors.meetingClosed.error('The meeting is closed and its minutes are frozen; add an addendum instead.', { meetingStatus: meeting.status });
  }
}

function link(partnershipId: string, id: string): string {
  return `/api/v1/partnerships/${partnershipId}/meetings/${id}`;
}
