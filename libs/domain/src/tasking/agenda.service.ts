import { Injectable } from '@nestjs/common';
import { Clock, toLondonDate } from '@app/core';
import { FlagsService } from '../flags';
import { ProblemsService, type ProblemReference } from '../problems';
import { ControlStrategiesService } from '../strategy';
import { AgendaExtensions } from './agenda-extensions';
import { agendaHorizon, staleStrategyWarning, type Agenda, type AgendaAction, type AgendaProblem, type AgendaStrategicReview } from './agenda';
import { daysOverdue } from './action-rules';
import type { Meeting } from './meeting.entity';
import { MeetingReadsRepository, type AgendaActionRow, type MeetingNeighbours } from './meeting-reads.repository';
import { AGENDA_SECTION_LIMIT, type AgendaSection } from './tasking.constants';
import type { TaskingGroup } from './tasking-group.entity';

/**
 * Generates a meeting's agenda from the state of the partnership now (see
 * Agenda for the sections). Every section is one indexed statement, cut at
 * AGENDA_SECTION_LIMIT entries. Runs in the caller's transaction: on read for
 * a scheduled meeting, and in the transaction that opens it (then stored).
 *
 * Actions and flags are the partnership's (a partnership's tasking groups
 * share its actions); problems come from the problems context, priorities
 * from the current control strategy.
 */
@Injectable()
export class AgendaService {
  constructor(
    private readonly clock: Clock,
    private readonly problems: ProblemsService,
    private readonly strategies: ControlStrategiesService,
    private readonly flags: FlagsService,
    private readonly reads: MeetingReadsRepository,
    private readonly extensions: AgendaExtensions,
  ) {}

  /** `neighbours`: the group's meetings either side, when the caller read them with the meeting. */
  async generate(group: TaskingGroup, meeting: Meeting, neighbours?: MeetingNeighbours): Promise<Agenda> {
    const partnershipId = group.partnershipId;
    const now = this.clock.now();
    const today = toLondonDate(now);
    const truncated: AgendaSection[] = [];
    const cut = <T>(section: AgendaSection, rows: T[]): T[] => {
      if (rows.length <= AGENDA_SECTION_LIMIT) return rows;
      truncated.push(section);
      return rows.slice(0, AGENDA_SECTION_LIMIT);
    };

    const { next, previous } = neighbours ?? (await this.reads.neighbours(group.id, meeting.id, meeting.scheduledFor));
    const { horizon, horizonFrom } = agendaHorizon(toLondonDate(meeting.scheduledFor), next ? toLondonDate(next.scheduledFor) : null, group.cadenceDays);

    const toAction = (r: AgendaActionRow): AgendaAction => ({ ...r, daysOverdue: daysOverdue(r.status, r.dueDate, today) });
    const { current: strategy, approved } = await this.strategies.agendaStanding(partnershipId);
    const priorityIds = strategy?.priorities.map((p) => p.id) ?? [];
    const { overdue, due, openActions } = await this.reads.agendaActions(partnershipId, today, horizon, priorityIds, AGENDA_SECTION_LIMIT + 1);
    const problems = await this.problems.agendaSections(partnershipId, {
      before: horizon,
      since: previous?.openedAt ?? null,
      priorityIds,
      limit: AGENDA_SECTION_LIMIT + 1,
    });
    // Open nominations of the intake context (repeats, exceptions, referrals) follow the problems logged since the last meeting.
    const intakeNominations = await this.extensions.nominations(partnershipId, AGENDA_SECTION_LIMIT + 1);
    const stale = strategy?.assessment.stale ?? false;
    const priorities = (strategy?.priorities ?? []).map((p) => {
      const openProblems = problems.openByPriority.get(p.id) ?? 0;
      const actions = openActions[p.id] ?? 0;
      return {
        id: p.id,
        title: p.title,
        leadAgencyId: p.leadAgencyId,
        openProblems,
        openActions: actions,
        noActivity: openProblems + actions === 0,
        staleAssessment: stale,
      };
    });

    const flags = await this.flags.list(partnershipId, { open: true, limit: AGENDA_SECTION_LIMIT });
    if (flags.nextCursor) truncated.push('flags');

    let strategicReview: AgendaStrategicReview | null = null;
    if (group.level === 'strategic') {
      const controlStrategy = strategy
        ? { id: strategy.id, versionNumber: strategy.versionNumber, strategicAssessmentId: strategy.strategicAssessmentId, staleAssessment: stale }
        : null;
      strategicReview = {
        assessment: approved
          ? { id: approved.id, title: approved.title, status: approved.status, nextReviewDue: approved.nextReviewDue, reviewState: approved.reviewState }
          : null,
        controlStrategy,
        staleStrategyWarning: staleStrategyWarning(controlStrategy, strategy?.assessment ?? null),
        intelligenceRequirementGaps: await this.extensions.intelligenceRequirementGaps(partnershipId),
      };
    }

    return {
      generatedAt: now.toISOString(),
      asOf: today,
      level: group.level,
      horizon,
      horizonFrom,
      nextMeetingId: next?.id ?? null,
      previousMeetingId: previous?.id ?? null,
      nominationsSince: previous ? new Date(previous.openedAt).toISOString() : null,
      overdueActions: cut('overdueActions', overdue).map(toAction),
      actionsDue: cut('actionsDue', due).map(toAction),
      problemsForReview: cut('problemsForReview', problems.forReview).map(problemRef),
      newNominations: cut('newNominations', [...problems.nominations.map(problemRef), ...intakeNominations]),
      priorities,
      flags: flags.items.map((f) => ({
        id: f.id,
        kind: f.kind,
        subjectType: f.subjectType,
        subjectId: f.subjectId,
        dueDate: f.dueDate,
        raisedAt: new Date(f.raisedAt).toISOString(),
        acknowledged: f.acknowledgedAt !== null,
      })),
      strategicReview,
      truncated,
    };
  }
}

function problemRef(p: ProblemReference): AgendaProblem {
  return { ...p, stageChangedAt: new Date(p.stageChangedAt).toISOString() };
}
