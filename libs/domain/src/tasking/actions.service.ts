import { Injectable } from '@nestjs/common';
import { Clock, forbidden, invalidInput, notFound, uuidv7, versionMismatch } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal, storedActor, type Actor } from '@app/core/security';
import { AuditService } from '../audit';
import { FlagsService } from '../flags';
import { OutboxService } from '../notifications';
import { PartnershipErrors, PartnershipsService } from '../partnerships';
import { ProblemErrors, ProblemsService } from '../problems';
import { ControlStrategiesService, StrategyErrors } from '../strategy';
import { ActionReadsRepository } from './action-reads.repository';
import type { Action } from './action.entity';
import { actionTransitionRefusal, daysOverdue, isOverdue } from './action-rules';
import { ActionsRepository } from './actions.repository';
import { partnerAgency } from '../shared/actors';
import { recordAndAnnounce } from '../shared/changes';
import { formatActionReference, type ActionStatus } from './tasking.constants';
import { TaskingErrors } from './tasking.errors';

export interface ActionInput {
  title: string;
  ownerAgencyId: string;
  ownerName?: string | null;
  /** YYYY-MM-DD (Europe/London), today or later. */
  dueDate: string;
  problemId?: string | null;
  controlStrategyPriorityId?: string | null;
}

export interface ActionChanges {
  status?: ActionStatus;
  note?: string | null;
}

export interface ActionQuery extends PageQueryDto {
  agencyId?: string;
  status?: ActionStatus;
  /** true: only overdue actions; false: only the others. */
  overdue?: boolean;
  meetingId?: string;
  problemId?: string;
  priorityId?: string;
}

export interface ActionView {
  id: string;
  reference: string;
  title: string;
  ownerAgencyId: string;
  ownerName: string | null;
  dueDate: string;
  status: ActionStatus;
  overdue: boolean;
  daysOverdue: number;
  meetingId: string | null;
  problemId: string | null;
  controlStrategyPriorityId: string | null;
  completedAt: Date | null;
  createdBy: Actor;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface ActionStatusChangeRecord {
  id: string;
  from: ActionStatus | null;
  to: ActionStatus;
  note: string | null;
  changedBy: Actor;
  changedAt: Date;
}

export interface ActionDetail extends ActionView {
  /** Oldest first, from the creation. */
  history: ActionStatusChangeRecord[];
}

const FINISHED: readonly ActionStatus[] = ['done', 'cancelled'];

/**
 * Actions: created in a meeting (MeetingsService checks the meeting is open,
 * then calls `create`) or between meetings; their status moved through
 * `update`, the only change an action takes once made.
 *
 * Rules:
 * - the owner is one of the partnership's agencies (422
 *   `agency-not-in-partnership`); the due date is today or later, Europe/London
 *   (422 `due-date-in-past`); a problem link names a problem of the
 *   partnership (422 `unknown-problem`); a priority link a priority of the
 *   current control strategy (422 `priority-not-current`);
 * - the reference is the partnership's prefix, A and a number without gaps;
 * - status moves as ACTION_TRANSITIONS allows (409
 *   `action-transition-not-allowed`); `completedAt` is set when done and
 *   cleared when reopened; every change, with its note, is kept in the
 *   status history (who, when, from, to);
 * - a partner updates only their own agency's actions (403);
 * - marking done or cancelled resolves the action's `action_overdue` flag in
 *   the same transaction;
 * - creation and every update are audited and go to the outbox
 *   (`action.created`, `action.updated`: ids, statuses, dates).
 */
@Injectable()
export class ActionsService {
  constructor(
    private readonly repository: ActionsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly flags: FlagsService,
    private readonly partnerships: PartnershipsService,
    private readonly problems: ProblemsService,
    private readonly strategies: ControlStrategiesService,
    private readonly reads: ActionReadsRepository,
  ) {}

  // ---- reads ------------------------------------------------------------

  async get(partnershipId: string, id: string): Promise<ActionDetail> {
    const action = await this.repository.find(partnershipId, id);
    if (!action) throw notFound('action');
    return { ...this.view(action, this.clock.today()), history: await this.history(action.id) };
  }

  /** By due date, earliest first (then by id); filters combine. */
  async list(partnershipId: string, query: ActionQuery): Promise<Page<ActionView>> {
    const today = this.clock.today();
    return readPage(
      query,
      (after, limit) =>
        this.reads.listPage(
          partnershipId,
          {
            agencyId: query.agencyId?.toLowerCase(),
            status: query.status,
            overdue: query.overdue,
            today,
            meetingId: query.meetingId?.toLowerCase(),
            problemId: query.problemId?.toLowerCase(),
            priorityId: query.priorityId?.toLowerCase(),
            after: after && { dueDate: String(after.k), id: after.id },
          },
          limit,
        ),
      (r) => ({ k: r.dueDate, id: r.id }),
      (r) => this.view(r, today),
    );
  }

  /** The actions made in a meeting, in the order they were made. */
  async ofMeeting(partnershipId: string, meetingId: string): Promise<ActionView[]> {
    return this.views(await this.repository.ofMeeting(partnershipId, meetingId));
  }

  /** Actions already read, as callers see them (days overdue as of today). */
  views(rows: Action[]): ActionView[] {
    const today = this.clock.today();
    return rows.map((r) => this.view(r, today));
  }

  // ---- changes ----------------------------------------------------------

  /** A new action, open; `meetingId` null for one made between meetings. The caller checks the meeting. */
  async create(partnershipId: string, input: ActionInput, meetingId: string | null = null): Promise<ActionDetail> {
    const title = input.title.trim();
    if (!title) throw invalidInput([{ path: 'title', message: 'title must not be empty' }]);
    const today = this.clock.today();
    if (input.dueDate < today) {
      throw TaskingErrors.dueDateInPast.error(`The due date ${input.dueDate} has passed (today is ${today}, Europe/London).`, {
        dueDate: input.dueDate,
        today,
      });
    }
    const ownerAgencyId = input.ownerAgencyId.toLowerCase();
    if (!(await this.partnerships.agencyIdsOf(partnershipId, [ownerAgencyId])).size) {
      throw PartnershipErrors.agencyNotInPartnership.error(`${input.ownerAgencyId} is not an agency of this partnership.`, { agencyId: input.ownerAgencyId });
    }
    const problemId = await this.checkProblem(partnershipId, input.problemId ?? null);
    const priorityId = await this.checkPriority(partnershipId, input.controlStrategyPriorityId ?? null);
    const { referencePrefix } = await this.partnerships.get(partnershipId);
    const number = await this.repository.nextNumber(partnershipId);
    const id = uuidv7();
    const reference = formatActionReference(referencePrefix, number);
    const actor = actorOf(currentPrincipal());
    const ownerName = input.ownerName?.trim() || null;
    await this.repository.insert({
      id,
      partnershipId,
      number,
      reference,
      meetingId,
      title,
      ownerAgencyId,
      ownerName,
      dueDate: input.dueDate,
      status: 'open',
      problemId,
      controlStrategyPriorityId: priorityId,
      completedAt: null,
      createdByType: actor.type,
      createdById: actor.id,
    });
    await this.recordChange(partnershipId, id, null, 'open', null, actor);
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'action.created',
      subject: { type: 'action', id },
      details: { reference, meetingId, ownerAgencyId, dueDate: input.dueDate, problemId, controlStrategyPriorityId: priorityId },
      data: {
        actionId: id,
        reference,
        status: 'open',
        ownerAgencyId,
        dueDate: input.dueDate,
        meetingId,
        problemId,
        controlStrategyPriorityId: priorityId,
        link: link(partnershipId, id),
      },
    });
    return this.get(partnershipId, id);
  }

  /**
   * Moves the status (and/or records a note in the history). A partner
   * changes only their own agency's actions (403). 409 for a transition the
   * rules do not allow; 412 when `expectedVersion` is stale.
   */
  async update(partnershipId: string, id: string, changes: ActionChanges, expectedVersion?: number): Promise<ActionDetail> {
    const action = await this.repository.lockForChange(partnershipId, id);
    const agency = partnerAgency();
    if (agency !== undefined && action.ownerAgencyId !== agency) throw forbidden('A partner updates only the actions owned by their own agency.');
    // The agency check comes first: a partner who may not change the action learns nothing of its version.
    if (expectedVersion !== undefined && expectedVersion !== action.version) throw versionMismatch();
    const note = changes.note?.trim() || null;
    const to = changes.status ?? action.status;
    if (to === action.status && !note) {
      if (changes.status === undefined) throw invalidInput([{ path: 'status', message: 'give a status, a note, or both' }]);
      return this.get(partnershipId, action.id);
    }
    const refusal = actionTransitionRefusal(action.status, to);
    if (refusal) throw TaskingErrors.actionTransitionNotAllowed.error(refusal, { actionStatus: action.status, to });
    const now = this.clock.now();
    const from = action.status;
    const completedAt = to === 'done' ? (from === 'done' ? action.completedAt : now) : null;
    await this.repository.update(action.id, { status: to, completedAt });
    await this.recordChange(partnershipId, action.id, from, to, note, actorOf(currentPrincipal()));
    if (to !== from && FINISHED.includes(to)) {
      await this.flags.resolveFor({ type: 'action', id: action.id }, { kinds: ['action_overdue'] });
    }
    await recordAndAnnounce(this.audit, this.outbox, {
      event: 'action.updated',
      subject: { type: 'action', id: action.id },
      details: { reference: action.reference, from, to, note: note !== null },
      data: {
        actionId: action.id,
        reference: action.reference,
        from,
        status: to,
        ownerAgencyId: action.ownerAgencyId,
        dueDate: action.dueDate,
        completedAt: completedAt ? completedAt.toISOString() : null,
        meetingId: action.meetingId,
        link: link(partnershipId, action.id),
      },
    });
    return this.get(partnershipId, action.id);
  }

  // ---- for the meetings service and agendas (this context) ----------------

  /** Checks a problem link: a problem of the partnership (422 `unknown-problem`). */
  async checkProblem(partnershipId: string, problemId: string | null): Promise<string | null> {
    if (problemId === null) return null;
    const [found] = await this.problems.references(partnershipId, [problemId]);
    if (!found) throw ProblemErrors.unknownProblem.error(`${problemId} is not a problem of this partnership.`, { problemId });
    return found.id;
  }

  /** Checks a priority link: a priority of the current control strategy (422 `priority-not-current`). */
  async checkPriority(partnershipId: string, priorityId: string | null): Promise<string | null> {
    if (priorityId === null) return null;
    const current = await this.strategies.findCurrentPriority(partnershipId, priorityId.toLowerCase());
    if (!current) {
      throw StrategyErrors.priorityNotCurrent.error("controlStrategyPriorityId must be a priority of the partnership's current control strategy.", {
        controlStrategyPriorityId: priorityId,
      });
    }
    return current.id;
  }

  // ---- internals --------------------------------------------------------

  private async recordChange(
    partnershipId: string,
    actionId: string,
    from: ActionStatus | null,
    to: ActionStatus,
    note: string | null,
    actor: Actor,
  ): Promise<void> {
    await this.repository.insertStatusChange({
      id: uuidv7(),
      partnershipId,
      actionId,
      fromStatus: from,
      toStatus: to,
      note,
      actorType: actor.type,
      actorId: actor.id,
      changedAt: this.clock.now(),
    });
  }

  private async history(actionId: string): Promise<ActionStatusChangeRecord[]> {
    const rows = await this.repository.history(actionId);
    return rows.map((r) => ({
      id: r.id,
      from: r.fromStatus,
      to: r.toStatus,
      note: r.note,
      changedBy: storedActor(r.actorType, r.actorId),
      changedAt: r.changedAt,
    }));
  }

  private view(a: Action, today: string): ActionView {
    return {
      id: a.id,
      reference: a.reference,
      title: a.title,
      ownerAgencyId: a.ownerAgencyId,
      ownerName: a.ownerName,
      dueDate: a.dueDate,
      status: a.status,
      overdue: isOverdue(a.status, a.dueDate, today),
      daysOverdue: daysOverdue(a.status, a.dueDate, today),
      meetingId: a.meetingId,
      problemId: a.problemId,
      controlStrategyPriorityId: a.controlStrategyPriorityId,
      completedAt: a.completedAt,
      createdBy: storedActor(a.createdByType, a.createdById),
      version: a.version,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  }
}

function link(partnershipId: string, id: string): string {
  return `/api/v1/partnerships/${partnershipId}/actions/${id}`;
}
