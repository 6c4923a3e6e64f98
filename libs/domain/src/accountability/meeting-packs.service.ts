import { Injectable, Logger } from '@nestjs/common';
import { Clock, CrossPartnershipHost, TransactionHost, addCalendarMonths, toLondonDate } from '@app/core';
import { AuditService } from '../audit';
import { IntelligenceService } from '../community';
import { PartnershipsService } from '../partnerships';
import { nextStage, DEFAULT_PROBLEM_CATEGORIES, IMPACT_RESULTS, PROBLEM_STAGES } from '../problems';
import type { AgendaAction, AgendaProblem, AgendaNomination } from '../tasking';
import { AgencyPerformanceService, MeetingsService, type MeetingView, TaskingErrors } from '../tasking';
import { barChartSvg, lineChartSvg } from '@app/core/charts';
import { renderHtml, renderPdf, type Block, type ReportDocument, type Section } from './document';
import { MeetingPacksRepository, type PackRow, type ProblemNeedsRow } from './meeting-packs.repository';
import { FiguresService, groupByHallmark } from './figures.service';
import { INCIDENT_GROUPS, type Figure } from './figure-definitions';
import { incidentGroupOf } from './figures.repository';
import { AccountabilityErrors } from './accountability.errors';
import { AnnualReportRepository } from './annual-report.repository';

/** The pack's state as the API shows it. */
export interface PackStatus {
  meetingId: string;
  state: PackRow['state'];
  requestedAt: Date;
  builtAt: Date | null;
  /** The meeting's status when the pack was last built. */
  builtForStatus: string | null;
  builds: number;
}

const toStatus = (r: PackRow): PackStatus => ({
  meetingId: r.meetingId,
  state: r.state,
  requestedAt: r.requestedAt,
  builtAt: r.builtAt,
  builtForStatus: r.builtForStatus,
  builds: r.builds,
});

const humanise = (s: string) => s.replace(/_/g, ' ');

/** The most lines the incident trend draws; further category groups are added up into one. */
export const TREND_MAX_SERIES = 5;

const groupName = (slug: string) => DEFAULT_PROBLEM_CATEGORIES.find((c) => c.slug === slug)?.name ?? (slug === 'other' ? 'Other' : humanise(slug));

/** The months (`YYYY-MM`) from the month of `from` to that of `to`, oldest first. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m.slice(0, 7) <= to.slice(0, 7); m = addCalendarMonths(m, 1)) out.push(m.slice(0, 7));
  return out;
}
const percent = (v: number | null) => (v === null ? 'not enough data' : `${Math.round(v * 100)}%`);

/** A figure's value as the report prints it: a share as a percentage, a rate per 1,000 to two places, else to one. */
const formatFigure = (f: Figure) =>
  f.value === null ? '-' : f.unit === 'rate' ? percent(f.value) : f.unit === 'per_1000' ? f.value.toFixed(2) : String(Math.round(f.value * 10) / 10);

/** What a problem still needs before it can move to its next stage, in words (from counts and booleans). */
export function stillNeeds(p: ProblemNeedsRow): string {
  const next = nextStage(p.stage);
  const missing: string[] = [];
  switch (next) {
    case 'analysis':
      if (!p.hasDescription) missing.push('a description');
      if (p.locations < 1) missing.push('a location');
      break;
    case 'response':
      if (!p.hasAnalysis) missing.push('an analysis');
      else if (!p.sidesAnalysed) missing.push('a side of the problem analysis triangle');
      if (!p.hasBaseline) missing.push('a baseline');
      break;
    case 'assessment':
      if (p.activeResponses < 1) missing.push('a response');
      if (!p.plannedAssessmentDate) missing.push('a planned assessment date');
      break;
    case 'closed':
      if (!p.hasEvaluation) missing.push('an evaluation');
      break;
    default:
      return 'nothing (closed)';
  }
  return missing.length ? `${missing.join(', ')} (for ${next})` : `ready for ${next}`;
}

/**
 * Meeting packs, minutes and the annual report: the papers people read.
 * A pack is built by the worker (asked for with POST .../pack, and again
 * when the meeting opens), stored, and read as PDF or HTML; minutes are
 * rendered from the closed meeting's record when asked for; downloads are
 * audited. A pack holds what the meeting's own agenda holds (references,
 * titles, agencies, stages, counts): no officer's name, no problem
 * description, triangle or subject; of the community intelligence linked to
 * the problems on the agenda, sanitised summaries only (grade, category,
 * area, date), never what an item says, whatever its handling code.
 */
@Injectable()
export class MeetingPacksService {
  private readonly logger = new Logger('MeetingPacks');

  constructor(
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repository: MeetingPacksRepository,
    private readonly annual: AnnualReportRepository,
    private readonly meetings: MeetingsService,
    private readonly partnerships: PartnershipsService,
    private readonly performance: AgencyPerformanceService,
    private readonly figures: FiguresService,
    private readonly intelligence: IntelligenceService,
  ) {}

  /** Asks the worker to (re)build the meeting's pack: 404 for another partnership's meeting. */
  async request(partnershipId: string, meetingId: string): Promise<PackStatus> {
    await this.meetings.get(partnershipId, meetingId);
    const row = await this.repository.request(partnershipId, meetingId.toLowerCase(), this.clock.now());
    await this.audit.record({ action: 'meeting_pack.requested', partnershipId, target: { type: 'meeting', id: row.meetingId } });
    return toStatus(row);
  }

  async status(partnershipId: string, meetingId: string): Promise<PackStatus | null> {
    await this.meetings.get(partnershipId, meetingId);
    const row = await this.repository.find(partnershipId, meetingId.toLowerCase());
    return row ? toStatus(row) : null;
  }

  /** The built pack (409 `pack-not-built` before the first build), audited as a download. */
  async download(partnershipId: string, meetingId: string, format: 'pdf' | 'html'): Promise<Buffer | string> {
    const view = await this.meetings.get(partnershipId, meetingId);
    const doc = await this.repository.document(partnershipId, view.meeting.id, format);
    if (doc === null) throw AccountabilityErrors.packNotBuilt.error();
    await this.audit.record({ action: 'meeting_pack.downloaded', partnershipId, target: { type: 'meeting', id: view.meeting.id }, details: { format } });
    return doc;
  }

  /** The minutes of a closed meeting (409 `meeting-not-closed` before), rendered now, audited as a download. */
  async minutes(partnershipId: string, meetingId: string, format: 'pdf' | 'html'): Promise<Buffer | string> {
    const view = await this.meetings.get(partnershipId, meetingId);
    if (view.meeting.status !== 'closed')
      throw TaskingErrors.meetingNotClosed.error('Minutes are available once the meeting is closed.', { meetingStatus: view.meeting.status });
    const doc = await this.minutesDocument(partnershipId, view);
    await this.audit.record({ action: 'meeting_minutes.downloaded', partnershipId, target: { type: 'meeting', id: view.meeting.id }, details: { format } });
    return format === 'pdf' ? renderPdf(doc) : renderHtml(doc);
  }

  /**
   * Builds every pending pack (asked for, or of a meeting opened since its
   * last build): found across partnerships by the worker's role, each built
   * in its own partnership's transaction under row-level security. Safe to
   * run twice: a second run finds nothing pending, or rebuilds the same pack.
   */
  async buildPending(cross: CrossPartnershipHost, limit = 20): Promise<number> {
    const pending = await cross.run((manager) => this.repository.pending(limit, manager));
    let built = 0;
    for (const p of pending) {
      try {
        await this.build(p.partnershipId, p.meetingId);
        built += 1;
      } catch (err) {
        this.logger.warn(`pack of meeting ${p.meetingId} not built: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return built;
  }

  /** Builds one meeting's pack and stores it (replacing the last build). */
  async build(partnershipId: string, meetingId: string): Promise<void> {
    await this.tx.run(partnershipId, async () => {
      const before = await this.repository.find(partnershipId, meetingId);
      const requestedBefore = before?.requestedAt ?? this.clock.now();
      const view = await this.meetings.get(partnershipId, meetingId);
      const doc = await this.packDocument(partnershipId, view);
      const [pdf, html] = [await renderPdf(doc), renderHtml(doc)];
      await this.repository.store({
        partnershipId,
        meetingId: view.meeting.id,
        pdf,
        html,
        builtForStatus: view.meeting.status,
        builtAt: this.clock.now(),
        requestedBefore,
      });
    });
  }

  private async header(partnershipId: string, view: MeetingView) {
    const partnership = await this.partnerships.get(partnershipId);
    const agencies = new Map((await this.partnerships.agenciesOf(partnershipId)).map((a) => [a.id, a.name]));
    const date = toLondonDate(view.meeting.scheduledFor);
    return { partnership, agencies, date, agency: (id: string) => agencies.get(id) ?? 'an agency' };
  }

  /** The pack: agenda, actions, problems, priorities, flags and charts. */
  async packDocument(partnershipId: string, view: MeetingView): Promise<ReportDocument> {
    const { partnership, agency, date } = await this.header(partnershipId, view);
    const agenda = view.agenda;
    const rolled = await this.repository.rolledOver(
      partnershipId,
      agenda.overdueActions.map((a) => a.id),
      view.meeting.openedAt ?? this.clock.now(),
    );
    const needs = new Map(
      (
        await this.repository.problemNeeds(
          partnershipId,
          [...agenda.problemsForReview, ...agenda.newNominations].map((p) => p.id),
        )
      ).map((p) => [p.id, p]),
    );
    const actionRow = (a: AgendaAction, withDays: boolean) => [
      a.reference,
      a.title,
      agency(a.ownerAgencyId),
      a.dueDate,
      ...(withDays ? [String(a.daysOverdue), rolled.has(a.id) ? 'yes' : 'no'] : [humanise(a.status)]),
    ];

    const sections: Section[] = [];
    const counts: [string, number][] = [
      ['Overdue actions', agenda.overdueActions.length],
      ['Actions due before the next meeting', agenda.actionsDue.length],
      ['Problems for review', agenda.problemsForReview.length],
      ['New nominations', agenda.newNominations.length],
      ['Control strategy priorities', agenda.priorities.length],
      ['Open flags', agenda.flags.length],
    ];
    sections.push({
      id: 'agenda',
      title: 'Agenda',
      blocks: [
        {
          kind: 'paragraph',
          text: `${view.group.name} (${view.group.level} tasking group), meeting of ${date}. Status: ${view.meeting.status}. The agenda was judged on ${agenda.asOf}; actions due and problems for review fall before ${agenda.horizon}.`,
        },
        { kind: 'table', columns: ['Item', 'Entries'], rows: counts.map(([t, n]) => [t, String(n)]), empty: '', widths: [4, 1] },
        ...(agenda.truncated.length
          ? [{ kind: 'warning' as const, text: `These sections were cut short at the section limit: ${agenda.truncated.join(', ')}.` }]
          : []),
      ],
    });
    sections.push({
      id: 'overdue-actions',
      title: 'Overdue actions',
      blocks: [
        {
          kind: 'table',
          columns: ['Reference', 'Action', 'Owner', 'Due', 'Days overdue', 'Rolled over'],
          rows: agenda.overdueActions.map((a) => actionRow(a, true)),
          empty: 'No action is overdue.',
          widths: [1.3, 3.2, 1.8, 1.2, 1, 1],
        },
      ],
    });
    sections.push({
      id: 'actions-due',
      title: 'Actions due before the next meeting',
      blocks: [
        {
          kind: 'table',
          columns: ['Reference', 'Action', 'Owner', 'Due', 'Status'],
          rows: agenda.actionsDue.map((a) => actionRow(a, false)),
          empty: 'No action falls due before the next meeting.',
          widths: [1.3, 3.5, 2, 1.2, 1.1],
        },
      ],
    });
    const newProblems = agenda.newNominations.filter((n): n is AgendaProblem => !('type' in n));
    const intakeNominations = agenda.newNominations.filter((n): n is AgendaNomination => 'type' in n && n.type === 'nomination');
    const problemRows = (list: typeof agenda.problemsForReview) =>
      list.map((p) => [p.reference, p.title, p.stage, p.plannedAssessmentDate ?? '-', needs.has(p.id) ? stillNeeds(needs.get(p.id)!) : '-']);
    sections.push({
      id: 'problems-for-review',
      title: 'Problems for review',
      blocks: [
        {
          kind: 'table',
          columns: ['Reference', 'Problem', 'Stage', 'Assessment planned', 'Still needs'],
          rows: problemRows(agenda.problemsForReview),
          empty: 'No problem is due for review.',
          widths: [1.3, 3, 1.1, 1.3, 2.6],
        },
      ],
    });
    sections.push({
      id: 'new-nominations',
      title: 'New nominations',
      blocks: [
        {
          kind: 'table',
          columns: ['Reference', 'Problem', 'Stage', 'Assessment planned', 'Still needs'],
          rows: problemRows(newProblems),
          empty: 'No new problem since the last meeting.',
          widths: [1.3, 3, 1.1, 1.3, 2.6],
        },
        {
          kind: 'table',
          columns: ['Kind', 'Nomination', 'Category', 'Incidents', 'Window'],
          rows: intakeNominations.map((n) => [
            n.kind.replace(/_/g, ' '),
            n.title,
            n.category ?? '-',
            String(n.evidenceCount),
            `${n.windowStart} to ${n.windowEnd}`,
          ]),
          empty: 'No repeat, exception, referral or issue raised by the community awaits a decision.',
          widths: [1.4, 3.2, 1.4, 1, 2.3],
        },
      ],
    });
    const onAgenda = [...agenda.problemsForReview, ...newProblems];
    const linked = await this.intelligence.summariesForPaper(
      partnershipId,
      onAgenda.map((p) => p.id),
    );
    sections.push({
      id: 'intelligence',
      title: 'Intelligence linked to problems on the agenda',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Sanitised summaries: the grade (3x5x2), category, area and date of each item. What an item says is read in the product, by those its handling code allows.',
        },
        {
          kind: 'table',
          columns: ['Problem', 'Grade', 'Category', 'Area', 'Reported'],
          rows: onAgenda.flatMap((p) => (linked.get(p.id) ?? []).map((i) => [p.reference, i.grade, i.category, i.areaCode ?? '-', i.reportedOn])),
          empty: 'No intelligence is linked to the problems on the agenda.',
          widths: [1.3, 1, 2.4, 1.5, 1.2],
        },
      ],
    });
    const stale =
      agenda.strategicReview?.staleStrategyWarning ??
      (agenda.priorities.some((p) => p.staleAssessment)
        ? 'The control strategy rests on a strategic assessment that is overdue for review or has been superseded.'
        : null);
    sections.push({
      id: 'priorities',
      title: 'Control strategy priorities',
      blocks: [
        ...(stale ? [{ kind: 'warning' as const, text: stale }] : []),
        {
          kind: 'table',
          columns: ['Priority', 'Lead agency', 'Open problems', 'Open actions', 'Activity'],
          rows: agenda.priorities.map((p) => [p.title, agency(p.leadAgencyId), String(p.openProblems), String(p.openActions), p.noActivity ? 'none' : 'yes']),
          empty: 'No control strategy is published.',
          widths: [3, 2, 1.1, 1.1, 1],
        },
      ],
    });
    sections.push({
      id: 'flags',
      title: 'Flags',
      blocks: [
        {
          kind: 'table',
          columns: ['Flag', 'About', 'Due', 'Raised', 'Acknowledged'],
          rows: agenda.flags.map((f) => [humanise(f.kind), humanise(f.subjectType), f.dueDate, f.raisedAt.slice(0, 10), f.acknowledged ? 'yes' : 'no']),
          empty: 'No flag is open.',
          widths: [2.4, 1.6, 1.2, 1.2, 1.1],
        },
      ],
    });
    sections.push({ id: 'charts', title: 'Charts', blocks: await this.charts(partnershipId, agenda.asOf) });
    return {
      title: 'Meeting pack',
      partnershipName: partnership.name,
      dateLine: `Meeting of ${date}`,
      subtitle: `${view.group.name} (${view.group.level})`,
      builtAt: this.clock.now().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      sections,
    };
  }

  /**
   * The incident trend: incidents per month (the 12 months to `asOf`'s, or
   * the period's), one line per category of the current priorities that
   * incidents are counted under, else per category group (the largest
   * TREND_MAX_SERIES, the rest added up), with the numbers in a table beside
   * it. Nothing but a sentence where no incident is held.
   */
  private async incidentTrend(partnershipId: string, from: string, to: string): Promise<Block[]> {
    const months = monthsBetween(from, to);
    const rows = await this.annual.incidentsByMonth(partnershipId, from, to);
    const span = `${months[0]} to ${months[months.length - 1]}`;
    if (rows.length === 0) return [{ kind: 'paragraph', text: `Incident trend: no incident is held for ${span}.` }];
    const byGroup = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const group = incidentGroupOf(r.category);
      if (!byGroup.has(group)) byGroup.set(group, new Map());
      const perMonth = byGroup.get(group)!;
      perMonth.set(r.month, (perMonth.get(r.month) ?? 0) + r.n);
    }
    const total = (g: string) => [...(byGroup.get(g)?.values() ?? [])].reduce((a, b) => a + b, 0);
    const priorities = (await this.annual.currentPriorityCategories(partnershipId)).filter((c) => INCIDENT_GROUPS.includes(c));
    let series: { name: string; groups: string[] }[];
    let basis: string;
    if (priorities.length) {
      series = priorities.map((g) => ({ name: groupName(g), groups: [g] }));
      basis = 'the categories of the control strategy priorities';
    } else {
      const ranked = [...byGroup.keys()].sort((a, b) => total(b) - total(a) || a.localeCompare(b));
      const shown = ranked.length > TREND_MAX_SERIES ? ranked.slice(0, TREND_MAX_SERIES - 1) : ranked;
      series = shown.map((g) => ({ name: groupName(g), groups: [g] }));
      if (shown.length < ranked.length) series.push({ name: 'All other categories', groups: ranked.slice(shown.length) });
      basis = 'category group (no priority of the current control strategy has an incident category)';
    }
    const valuesOf = (groups: string[]) => months.map((m) => groups.reduce((n, g) => n + (byGroup.get(g)?.get(m) ?? 0), 0));
    const data = series.map((s) => ({ name: s.name, values: valuesOf(s.groups) }));
    const chart = await lineChartSvg({ title: `Incidents per month, ${span}`, valueTitle: 'Incidents', labels: months, series: data });
    return [
      { kind: 'paragraph', text: `Incidents held (pushed or imported from police and council systems) per month in which they occurred, by ${basis}.` },
      { kind: 'chart', title: 'Incident trend', ...chart },
      {
        kind: 'table',
        columns: ['Month', ...data.map((d) => d.name)],
        rows: months.map((m, i) => [m, ...data.map((d) => String(d.values[i]))]),
        empty: '',
        widths: [1.2, ...data.map(() => 1)],
      },
    ];
  }

  /** The pack's and the report's charts: the on-time rate per agency and the incident trend (12 months to `asOf`), problems by stage now. */
  private async charts(partnershipId: string, asOf: string, period?: { from: string; to: string }): Promise<Block[]> {
    const report = await this.performance.report(partnershipId, period ?? { to: asOf });
    const rated = report.agencies.filter((a) => a.onTimeRate !== null);
    const blocks: Block[] = [];
    if (rated.length) {
      const chart = await barChartSvg({
        title: 'Actions done on time, by agency',
        valueTitle: 'On-time rate',
        format: 'percent',
        bars: rated.map((a) => ({ label: a.agencyName, value: a.onTimeRate! })),
      });
      blocks.push({
        kind: 'paragraph',
        text: `Actions due from ${report.from} to ${report.to} that have reached a verdict: the share each agency did by the due date.`,
      });
      blocks.push({ kind: 'chart', title: 'Action on-time rate per agency', ...chart });
    } else {
      blocks.push({ kind: 'paragraph', text: `Action on-time rate per agency: no action due from ${report.from} to ${report.to} has reached a verdict yet.` });
    }
    const stages = await this.annual.problemsByStage(partnershipId);
    const chart = await barChartSvg({
      title: 'Problems by stage, now',
      valueTitle: 'Problems',
      format: 'count',
      bars: PROBLEM_STAGES.map((s) => ({ label: s, value: stages.get(s) ?? 0 })),
    });
    blocks.push({ kind: 'chart', title: 'Problems by stage', ...chart });
    blocks.push(...(await this.incidentTrend(partnershipId, period?.from ?? addCalendarMonths(`${asOf.slice(0, 7)}-01`, -11), period?.to ?? asOf)));
    return blocks;
  }

  /** The minutes: attendance, decisions, actions, addenda. */
  async minutesDocument(partnershipId: string, view: MeetingView): Promise<ReportDocument> {
    const { partnership, agency, date } = await this.header(partnershipId, view);
    const sections: Section[] = [
      {
        id: 'attendance',
        title: 'Attendance',
        blocks: [
          {
            kind: 'table',
            columns: ['Agency', 'Attendance', 'Attendee'],
            rows: view.attendance.map((a) => [agency(a.agencyId), a.status, a.attendee ?? '-']),
            empty: 'No attendance was recorded.',
            widths: [2, 1, 2],
          },
        ],
      },
      {
        id: 'decisions',
        title: 'Decisions',
        blocks: [
          {
            kind: 'table',
            columns: ['No.', 'Decision', 'Recorded'],
            rows: view.decisions.map((d) => [String(d.seq), d.text, d.recordedAt.toISOString().slice(0, 16).replace('T', ' ')]),
            empty: 'No decision was recorded.',
            widths: [0.5, 5, 1.5],
          },
        ],
      },
      {
        id: 'actions',
        title: 'Actions',
        blocks: [
          {
            kind: 'table',
            columns: ['Reference', 'Action', 'Owner', 'Due', 'Status'],
            rows: view.actions.map((a) => [
              a.reference,
              a.title,
              [agency(a.ownerAgencyId), a.ownerName].filter(Boolean).join(': '),
              a.dueDate,
              humanise(a.status),
            ]),
            empty: 'No action was made in the meeting.',
            widths: [1.3, 3.2, 2.2, 1.1, 1],
          },
        ],
      },
      {
        id: 'addenda',
        title: 'Addenda',
        blocks: [
          {
            kind: 'table',
            columns: ['Added', 'Addendum'],
            rows: view.addenda.map((a) => [a.addedAt.toISOString().slice(0, 16).replace('T', ' '), a.text]),
            empty: 'No addendum has been added.',
            widths: [1.4, 5],
          },
        ],
      },
    ];
    return {
      title: 'Minutes',
      partnershipName: partnership.name,
      dateLine: `Meeting of ${date}`,
      subtitle: `${view.group.name} (${view.group.level}); opened ${view.meeting.openedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '-'}, closed ${view.meeting.closedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '-'} (UTC)`,
      builtAt: this.clock.now().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      sections,
    };
  }

  /**
   * A partnership's annual report for a calendar year: the year's figures
   * by hallmark with charts, the priorities and what was done under each,
   * and the problems evaluated in the year with their results and lessons.
   */
  async annualReport(partnershipId: string, year: number, format: 'pdf' | 'html'): Promise<Buffer | string> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const partnership = await this.partnerships.get(partnershipId);
    const figures = await this.figures.forPartnership(partnershipId, { from, to });
    const figureSections: Section[] = groupByHallmark(figures.hallmarks.flatMap((h) => h.figures).filter((f) => !f.key.includes(':'))).map((h) => ({
      id: `hallmark-${h.hallmark}`,
      title: h.title,
      blocks: [
        {
          kind: 'table',
          columns: ['Figure', 'Value', 'Of', 'Enough data'],
          rows: h.figures.map((f) => [f.label, formatFigure(f), f.denominator === undefined ? '-' : String(f.denominator), f.sufficientData ? 'yes' : 'no']),
          empty: 'No figure.',
          widths: [4, 1.2, 1, 1.2],
        },
      ],
    }));
    const priorities = await this.annual.prioritiesWithWork(partnershipId, from, to);
    const evaluated = await this.annual.evaluatedProblems(partnershipId, from, to);
    const results = new Map<string, number>();
    for (const p of evaluated) results.set(p.result, (results.get(p.result) ?? 0) + 1);
    const resultsChart = evaluated.length
      ? [
          {
            kind: 'chart' as const,
            title: 'Results of evaluations',
            ...(await barChartSvg({
              title: `Evaluation results, problems closed in ${year}`,
              valueTitle: 'Problems',
              format: 'count',
              bars: IMPACT_RESULTS.map((r) => ({ label: humanise(r), value: results.get(r) ?? 0 })),
            })),
          },
        ]
      : [];
    const doc: ReportDocument = {
      title: `Annual report ${year}`,
      partnershipName: partnership.name,
      dateLine: `1 January to 31 December ${year}`,
      subtitle: 'The six hallmarks of effective partnership working, the priorities and what was learnt',
      builtAt: this.clock.now().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      sections: [
        ...figureSections,
        { id: 'charts', title: 'Charts', blocks: await this.charts(partnershipId, to, { from, to }) },
        {
          id: 'priorities',
          title: 'Priorities and what was done',
          blocks: [
            {
              kind: 'table',
              columns: ['Priority', 'Problems worked', 'Closed', 'Actions', 'Done'],
              rows: priorities.map((p) => [p.title, String(p.problems), String(p.closed), String(p.actions), String(p.actionsDone)]),
              empty: 'No control strategy was current in the year.',
              widths: [3.5, 1.2, 1, 1, 1],
            },
          ],
        },
        {
          id: 'evaluations',
          title: 'Evaluated problems and their results',
          blocks: [
            ...resultsChart,
            {
              kind: 'table',
              columns: ['Reference', 'Problem', 'Result', 'Lessons'],
              rows: evaluated.map((p) => [p.reference, p.title, humanise(p.result), p.lessons]),
              empty: `No problem closed in ${year} holds an evaluation.`,
              widths: [1.2, 2.4, 1.2, 4],
            },
          ],
        },
      ],
    };
    await this.audit.record({
      action: 'annual_report.downloaded',
      partnershipId,
      target: { type: 'partnership', id: partnershipId },
      details: { year, format },
    });
    return format === 'pdf' ? renderPdf(doc) : renderHtml(doc);
  }
}
