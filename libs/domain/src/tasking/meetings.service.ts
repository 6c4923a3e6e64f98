import { Injectable } from '@nestjs/common';
import {
  Clock,
  ConflictProblem,
  NotFoundProblem,
  PreconditionFailedProblem,
  RuleViolation,
  TransactionHost,
  ValidationProblem,
  isUuid,
  toLondonDate,
  uuidv7,
} from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal, type Actor } from '@app/core/security';
import { requirePerson } from '../shared/actors';
import { AuditService } from '../audit/audit.service';
import { OutboxService } from '../notifications/outbox.service';
import { PartnershipsService } from '../partnerships/partnerships.service';
import type { Agenda } from './agenda';
import { AgendaService } from './agenda.service';
import { ActionsService, type ActionDetail, type ActionInput, type ActionView } from './actions.service';
import { Meeting, MeetingAddendum, MeetingAttendance, MeetingDecision } from './meeting.entity';
import { MeetingReadsRepository, type MeetingParts } from './meeting-reads.repository';
import { requireGroupChair } from '../shared/actors';
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
 * - only the group's chair or a partnership admin opens and closes it, as a
 *   person (403); opening needs `scheduled` and no other open meeting of the
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
    private readonly tx: TransactionHost,
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
    if (!parts) throw new NotFoundProblem('meeting');
    return this.viewOf(parts);
  }

  /** A group's meetings, latest scheduled first. */
  async listForGroup(partnershipId: string, groupId: string, query: PageQueryDto & { status?: MeetingStatus }): Promise<Page<MeetingSummary>> {
    const group = await this.groups.find(partnershipId, groupId);
    if (!group) throw new NotFoundProblem('tasking group');
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager.getRepository(Meeting).createQueryBuilder('m').where('m.tasking_group_id = :groupId', { groupId: group.id });
    if (query.status) qb.andWhere('m.status = :status', { status: query.status });
    if (after) qb.andWhere('(m.scheduled_for, m.id) < (:scheduledFor::timestamptz, :id::uuid)', { scheduledFor: String(after.k), id: after.id });
    const rows = await qb.orderBy('m.scheduled_for', 'DESC').addOrderBy('m.id', 'DESC').limit(limit + 1).getMany();
    return toPage(rows, limit, (r) => ({ k: r.scheduledFor.toISOString(), id: r.id }), (meeting) => ({ meeting, group: groupRef(group) }));
  }

  // ---- lifecycle --------------------------------------------------------

  async schedule(partnershipId: string, groupId: string, scheduledFor: Date): Promise<MeetingView> {
    const group = await this.groups.find(partnershipId, groupId);
    if (!group) throw new NotFoundProblem('tasking group');
    const today = this.clock.today();
    const day = toLondonDate(scheduledFor);
    if (day < today) throw TaskingErrors.meetingDatePassed.error(`${day} has passed (today is ${today}, Europe/London).`, { scheduledFor: scheduledFor.toISOString(), today });
    const id = uuidv7();
    await this.tx.manager.getRepository(Meeting).insert({ id, partnershipId, taskingGroupId: group.id, scheduledFor, status: 'scheduled', agenda: null });
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
    const found = await this.find(partnershipId, id);
    if (!found) throw new NotFoundProblem('meeting');
    await this.groups.lock(partnershipId, found.taskingGroupId);
    const { group, meeting } = await this.lock(partnershipId, id);
    const userId = requireGroupChair(group, 'open its meetings');
    checkVersion(meeting, expectedVersion);
    if (meeting.status !== 'scheduled') {
      throw new ConflictProblem('meeting-not-scheduled', `The meeting is ${meeting.status}; only a scheduled meeting is opened.`, { meetingStatus: meeting.status });
    }
    const [other] = await this.tx.manager.query<{ id: string }[]>(`SELECT id FROM meetings WHERE tasking_group_id = $1 AND status = 'open' AND id <> $2`, [group.id, meeting.id]);
    if (other) {
      throw new ConflictProblem('group-has-open-meeting', `Another meeting of ${group.name} is open (${other.id}); close it first.`, { openMeetingId: other.id });
    }
    const agenda = await this.agendas.generate(group, meeting);
    const now = this.clock.now();
    await this.bump(meeting.id, { status: 'open', openedAt: now, openedBy: userId, agenda });
    await this.audit.record({
      action: 'meeting.opened',
      target: { type: 'meeting', id: meeting.id },
      details: {
        taskingGroupId: group.id,
        agenda: Object.fromEntries((['overdueActions', 'actionsDue', 'problemsForReview', 'newNominations', 'priorities', 'flags'] as const).map((s) => [s, agenda[s].length])),
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
    await this.bump(meeting.id, { status: 'closed', closedAt: now, closedBy: userId });
    const m = this.tx.manager;
    const [{ decisions }] = await m.query<{ decisions: number }[]>('SELECT count(*)::int AS decisions FROM meeting_decisions WHERE meeting_id = $1', [meeting.id]);
    const actionIds = (await m.query<{ id: string }[]>('SELECT id FROM actions WHERE meeting_id = $1 ORDER BY number', [meeting.id])).map((r) => r.id);
    const attendance = await m.query<{ status: AttendanceStatus; n: number }[]>(
      'SELECT status, count(*)::int AS n FROM meeting_attendance WHERE meeting_id = $1 GROUP BY status',
      [meeting.id],
    );
    const attended = Object.fromEntries(attendance.map((r) => [r.status, r.n]));
    await this.audit.record({
      action: 'meeting.closed',
      target: { type: 'meeting', id: meeting.id },
      details: { taskingGroupId: group.id, decisions, actions: actionIds.length, attendance: attended },
    });
    await this.outbox.add({
      type: 'meeting.closed',
      subject: { type: 'meeting', id: meeting.id },
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
    const { meeting } = await this.lock(partnershipId, id);
    checkVersion(meeting, expectedVersion);
    assertOpen(meeting);
    const agencyIds = entries.map((e) => e.agencyId.toLowerCase());
    const repeated = agencyIds.findIndex((a, i) => agencyIds.indexOf(a) !== i);
    if (repeated >= 0) throw new ValidationProblem([{ path: `[${repeated}].agencyId`, message: 'an agency appears once in the attendance' }]);
    const known = await this.partnerships.agencyIdsOf(partnershipId, agencyIds);
    const foreign = agencyIds.filter((a) => !known.has(a));
    if (foreign.length) throw new RuleViolation('agency-not-in-partnership', `Not an agency of this partnership: ${foreign.join(', ')}.`, { agencyIds: foreign });
    const repo = this.tx.manager.getRepository(MeetingAttendance);
    await repo.delete({ meetingId: meeting.id });
    if (entries.length) {
      await repo.insert(
        entries.map((e, i) => ({ id: uuidv7(), partnershipId, meetingId: meeting.id, agencyId: agencyIds[i], status: e.status, attendee: e.attendee?.trim() || null, position: i + 1 })),
      );
    }
    await this.bump(meeting.id);
    const counts: Record<string, number> = {};
    for (const e of entries) counts[e.status] = (counts[e.status] ?? 0) + 1;
    await this.audit.record({ action: 'meeting.attendance_recorded', target: { type: 'meeting', id: meeting.id }, details: { agencyIds, counts } });
    return this.get(partnershipId, meeting.id);
  }

  /**
   * 403 unless the caller, a person, chairs the meeting's group or is a
   * partnership admin (requireGroupChair); 404 for a meeting the
   * partnership does not hold. For decisions reserved to the chair.
   */
  async requireChair(partnershipId: string, id: string, what: string): Promise<void> {
    const meeting = isUuid(id) ? await this.tx.manager.getRepository(Meeting).findOne({ where: { id: id.toLowerCase(), partnershipId } }) : null;
    if (!meeting) throw new NotFoundProblem('meeting');
    requireGroupChair((await this.groups.find(partnershipId, meeting.taskingGroupId))!, what);
  }

  async addDecision(partnershipId: string, id: string, input: DecisionInput, expectedVersion?: number): Promise<DecisionRecord> {
    const { meeting } = await this.lock(partnershipId, id);
    checkVersion(meeting, expectedVersion);
    assertOpen(meeting);
    const text = input.text.trim();
    if (!text) throw new ValidationProblem([{ path: 'text', message: 'text must not be empty' }]);
    const problemId = await this.actions.checkProblem(partnershipId, input.problemId ?? null);
    const priorityId = await this.actions.checkPriority(partnershipId, input.controlStrategyPriorityId ?? null);
    const m = this.tx.manager;
    // The meeting row is locked: sequence numbers of one meeting are taken one at a time.
    const [{ seq }] = await m.query<{ seq: number }[]>('SELECT coalesce(max(seq), 0)::int + 1 AS seq FROM meeting_decisions WHERE meeting_id = $1', [meeting.id]);
    const decisionId = uuidv7();
    const actor = actorOf(currentPrincipal());
    await m.getRepository(MeetingDecision).insert({
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
    await this.bump(meeting.id);
    await this.audit.record({
      action: 'meeting.decision_recorded',
      target: { type: 'meeting', id: meeting.id },
      details: { decisionId, seq, problemId, controlStrategyPriorityId: priorityId },
    });
    return (await this.decisionsOf(meeting.id)).find((d) => d.id === decisionId)!;
  }

  async addAction(partnershipId: string, id: string, input: ActionInput, expectedVersion?: number): Promise<ActionDetail> {
    const { meeting } = await this.lock(partnershipId, id);
    checkVersion(meeting, expectedVersion);
    assertOpen(meeting);
    const action = await this.actions.create(partnershipId, input, meeting.id);
    await this.bump(meeting.id);
    return action;
  }

  // ---- after closing ------------------------------------------------------

  async addAddendum(partnershipId: string, id: string, text: string, expectedVersion?: number): Promise<AddendumRecord> {
    const authorId = requirePerson('add an addendum to the minutes');
    const { meeting } = await this.lock(partnershipId, id);
    checkVersion(meeting, expectedVersion);
    if (meeting.status !== 'closed') {
      throw new ConflictProblem('meeting-not-closed', `The meeting is ${meeting.status}: addenda are added to a closed meeting's minutes; record the change in the meeting itself.`, {
        meetingStatus: meeting.status,
      });
    }
    const body = text.trim();
    if (!body) throw new ValidationProblem([{ path: 'text', message: 'text must not be empty' }]);
    const addendum = { id: uuidv7(), partnershipId, meetingId: meeting.id, text: body, authorId, addedAt: this.clock.now() };
    await this.tx.manager.getRepository(MeetingAddendum).insert(addendum);
    await this.bump(meeting.id);
    await this.audit.record({ action: 'meeting.addendum_added', target: { type: 'meeting', id: meeting.id }, details: { addendumId: addendum.id } });
    return { id: addendum.id, text: addendum.text, authorId, addedAt: addendum.addedAt };
  }

  // ---- internals --------------------------------------------------------

  private find(partnershipId: string, id: string): Promise<Meeting | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(Meeting).findOneBy({ id: id.toLowerCase(), partnershipId });
  }

  /** Locks the meeting row until the transaction ends: changes to one meeting queue (404 when not the partnership's). */
  private async lock(partnershipId: string, id: string): Promise<{ group: TaskingGroup; meeting: Meeting }> {
    const meeting = isUuid(id)
      ? await this.tx.manager
          .getRepository(Meeting)
          .createQueryBuilder('m')
          .setLock('pessimistic_write')
          .where('m.id = :id AND m.partnership_id = :partnershipId', { id: id.toLowerCase(), partnershipId })
          .getOne()
      : null;
    if (!meeting) throw new NotFoundProblem('meeting');
    const group = (await this.groups.find(partnershipId, meeting.taskingGroupId))!;
    return { group, meeting };
  }

  private async bump(id: string, set: Partial<Meeting> = {}): Promise<void> {
    await this.tx.manager
      .createQueryBuilder()
      .update(Meeting)
      .set({ ...(set as object), version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id })
      .execute();
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

  private async decisionsOf(meetingId: string): Promise<DecisionRecord[]> {
    const rows = await this.tx.manager.getRepository(MeetingDecision).find({ where: { meetingId }, order: { seq: 'ASC' } });
    return rows.map(decisionRecord);
  }
}

function decisionRecord(d: MeetingDecision): DecisionRecord {
  return {
    id: d.id,
    seq: d.seq,
    text: d.text,
    problemId: d.problemId,
    controlStrategyPriorityId: d.controlStrategyPriorityId,
    recordedBy: { type: d.recordedByType as Actor['type'], id: d.recordedById },
    recordedAt: d.recordedAt,
  };
}

function groupRef(group: TaskingGroup): MeetingGroupRef {
  return { id: group.id, name: group.name, level: group.level, chairUserId: group.chairUserId };
}

function checkVersion(meeting: Meeting, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== meeting.version) throw new PreconditionFailedProblem();
}

/** 409 unless the meeting is open: `meeting-not-open` while scheduled, `meeting-closed` once closed. */
function assertOpen(meeting: Meeting): void {
  if (meeting.status === 'scheduled') {
    throw new ConflictProblem('meeting-not-open', 'The meeting has not been opened yet: its chair opens it first.', { meetingStatus: meeting.status });
  }
  if (meeting.status === 'closed') {
    throw new ConflictProblem('meeting-closed', 'The meeting is closed and its minutes are frozen; add an addendum instead.', { meetingStatus: meeting.status });
  }
}

function link(partnershipId: string, id: string): string {
  return `/api/v1/partnerships/${partnershipId}/meetings/${id}`;
}
