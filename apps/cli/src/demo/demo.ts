import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { FixedClock, toLondonDate, TransactionHost, type AppConfig } from '@app/core';
import { addCalendarDays } from '@app/core/clock';
import type { Role } from '@app/core/security';
import { createApiClient, type ApiClient, type Schemas } from '@app/api-client';
import { MembershipsService, UsersService } from '@app/domain/identity';
import { FlagScanService } from '@app/domain/flags';
import { NominationScanService } from '@app/domain/intake';
import { PartnershipsService } from '@app/domain/partnerships';
import { createApiApp } from '../../../api/src/bootstrap';
import { withDomainContext, withScanContext } from '../cli-context';

/** True (after saying why) when the configuration is production's: the demo's passwords are public. */
export function refusedInProduction(config: AppConfig): boolean {
  if (config.env !== 'production') return false;
  process.stderr.write('csp: the demo publishes its passwords: it does not run with NODE_ENV=production.\n');
  process.exitCode = 1;
  return true;
}

/** The configuration the demo runs on: its own embedded cluster (under DATA_DIR/demo), never DATABASE_URL. */
export function demoConfig(config: AppConfig): AppConfig {
  return { ...config, database: { ...config.database, url: undefined }, embedded: { ...config.embedded, dataDir: resolve(config.embedded.dataDir, 'demo') } };
}

/** The partnership the demo fills (from the Welsh reference data). */
export const DEMO_PARTNERSHIP = 'cardiff';
/** What marks a database the demo has filled already: the tasking group of that name. */
export const DEMO_GROUP = 'Cardiff tactical tasking group (demo)';

export interface DemoPerson {
  role: Role;
  email: string;
  displayName: string;
  password: string;
  /** Partner officers belong to an agency (its kind in the reference data). */
  agencyKind?: string;
}

/** One sign-in per role. The passwords are public: `npm run demo` refuses to run in production. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { role: 'admin', email: 'admin@demo.csp.example', displayName: 'Alys Morgan', password: 'demo-admin-caerdydd' },
  { role: 'analyst', email: 'analyst@demo.csp.example', displayName: 'Dafydd Rees', password: 'demo-analyst-caerdydd' },
  { role: 'chair', email: 'chair@demo.csp.example', displayName: 'Insp. Siân Howells', password: 'demo-chair-caerdydd' },
  { role: 'partner', email: 'police@demo.csp.example', displayName: 'PS Rhys Evans', password: 'demo-police-caerdydd', agencyKind: 'police' },
  { role: 'viewer', email: 'viewer@demo.csp.example', displayName: 'Cllr Mair Jones', password: 'demo-viewer-caerdydd' },
];

/** Makes the demo people and their memberships, once; a second run finds them and changes nothing. */
export async function ensureDemoPeople(config: AppConfig): Promise<number> {
  return withDomainContext(config, async (ctx: INestApplicationContext) => {
    const tx = ctx.get(TransactionHost);
    const users = ctx.get(UsersService);
    const partnerships = ctx.get(PartnershipsService);
    const ref = await tx.run(null, () => partnerships.resolve(DEMO_PARTNERSHIP));
    if (!ref) throw new Error(`The reference data has no partnership ${DEMO_PARTNERSHIP}`);
    let created = 0;
    for (const person of DEMO_PEOPLE) {
      // The account and its membership together, or neither.
      const made = await tx.run(null, async () => {
        if (await users.findByEmail(person.email)) return false;
        const { user } = await users.create({ email: person.email, displayName: person.displayName, password: person.password });
        await tx.run(ref.id, async () => {
          const agencyId = person.agencyKind
            ? (await partnerships.listAgencies(ref.id, { limit: 100 })).items.find((a) => a.kind === person.agencyKind)?.id
            : undefined;
          await ctx.get(MembershipsService).add(ref.id, { userId: user.id, role: person.role, agencyId });
        });
        return true;
      });
      if (made) created++;
    }
    return created;
  });
}

/** An openapi-fetch answer's data, or an error naming the step. */
function must<T>(step: string, result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new Error(`demo: ${step} answered ${result.response.status}: ${JSON.stringify(result.error)}`);
  return result.data as T;
}

export interface DemoReport {
  problems: Record<string, number>;
  meetings: number;
  actions: number;
  reviews: number;
  incidents: number;
  nominations: number;
  flags: number;
}

const LOCATION = { code: 'W05000868', label: 'Butetown: Loudoun Square', lat: 51.4686, lng: -3.1698 };
const TRIANGLE = {
  offender: 'A group of six to eight teenagers gathering after school',
  handler: 'Parents; the youth offending service',
  victim: 'Staff of the three shops on the square',
  guardian: 'Shop managers; the neighbourhood policing team',
  location: 'The parade of shops and the bus shelter',
  manager: 'Council estates team',
};

type Stage = 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed';

/**
 * The problems, each with the day (counted from today, negative in the past)
 * it was logged and the days it moved on: analysis (with its triangle and
 * baseline), response (a response delivered by its owner), assessment and,
 * for the evaluated one, the evaluation and closing. The one left at
 * assessment is past its planned assessment date unevaluated: flagged.
 */
const PROBLEMS: {
  stage: Stage;
  title: string;
  description: string;
  category: string;
  source: Schemas['CreateProblemDto']['source'];
  /** Days from today: logged, then each later stage reached. */
  days: { logged: number; analysis?: number; response?: number; assessment?: number; closed?: number };
  plannedAssessment: number;
}[] = [
  {
    stage: 'closed',
    title: 'Street drinking in Grangetown Park',
    description: 'Daily street drinking by the play area; parents stopped using it.',
    category: 'anti-social-behaviour',
    source: 'community_engagement',
    days: { logged: -205, analysis: -200, response: -190, assessment: -110, closed: -100 },
    plannedAssessment: -110,
  },
  {
    stage: 'assessment',
    title: 'Bike thefts at Cardiff Central',
    description: 'Cycle racks on the south side targeted twice a week.',
    category: 'acquisitive-crime',
    source: 'partner_intelligence',
    days: { logged: -180, analysis: -175, response: -168, assessment: -30 },
    plannedAssessment: -14,
  },
  {
    stage: 'response',
    title: 'Youth ASB around Loudoun Square shops',
    description: 'Groups gathering from 6pm; shutters damaged and staff intimidated.',
    category: 'anti-social-behaviour',
    source: 'monitoring',
    days: { logged: -150, analysis: -140, response: -80 },
    plannedAssessment: 60,
  },
  {
    stage: 'analysis',
    title: 'Drug dealing near Splott Road shops',
    description: 'Residents report dealing from parked cars in the evenings.',
    category: 'substance-misuse',
    source: 'community_intelligence',
    days: { logged: -50, analysis: -44 },
    plannedAssessment: 90,
  },
  {
    stage: 'scanning',
    title: 'Fly-tipping behind Clifton Street',
    description: 'Bags and furniture dumped weekly in the back lane.',
    category: 'environmental',
    source: 'complaint',
    days: { logged: -10 },
    plannedAssessment: 120,
  },
];

type Owner = 'police' | 'council';
interface DemoAction {
  title: string;
  owner: Owner;
  /** Days from the meeting. */
  dueIn: number;
  /** What became of it, on which day (from today): updated by the police officer (police) or the chair. */
  updates: { day: number; status: 'in_progress' | 'done'; note: string }[];
  problem?: string;
}

/**
 * The tactical group's meetings held (days from today) and the actions each
 * set: done on time, done late, overdue and still open, due soon.
 */
const MEETINGS: { day: number; decision: string; absent: Owner | null; actions: DemoAction[] }[] = [
  {
    day: -77,
    decision: 'Adopt the youth ASB around Loudoun Square as a problem for the group; patrols and repairs first.',
    absent: null,
    actions: [
      {
        title: 'Joint patrol of Loudoun Square, Thursday to Saturday evenings',
        owner: 'police',
        dueIn: 14,
        problem: 'Youth ASB around Loudoun Square shops',
        updates: [
          { day: -70, status: 'in_progress', note: 'First two evenings patrolled; the group moved on each time.' },
          { day: -65, status: 'done', note: 'Six evenings patrolled; incidents down from nine a week to three.' },
        ],
      },
      {
        title: 'Repair the shutters and lighting on the parade',
        owner: 'council',
        dueIn: 21,
        problem: 'Youth ASB around Loudoun Square shops',
        updates: [{ day: -45, status: 'done', note: 'Repaired after the contractor was found; eleven days late.' }],
      },
    ],
  },
  {
    day: -49,
    decision: 'Ask the police for a report on drug supply into Splott before deciding on a closure order.',
    absent: 'council',
    actions: [
      {
        title: 'Report on drug supply routes into Splott',
        owner: 'police',
        dueIn: 14,
        problem: 'Drug dealing near Splott Road shops',
        updates: [{ day: -40, status: 'in_progress', note: 'Intelligence gathered; the report waits on the analyst.' }],
      },
      { title: 'Survey CCTV coverage of Splott Road', owner: 'council', dueIn: 21, updates: [] },
    ],
  },
  {
    day: -21,
    decision: 'Seek a dispersal order for Loudoun Square for the school holidays.',
    absent: null,
    actions: [
      {
        title: 'Bike-marking event at Cardiff Central',
        owner: 'police',
        dueIn: 14,
        problem: 'Bike thefts at Cardiff Central',
        updates: [{ day: -8, status: 'done', note: 'Ninety-two bikes marked; racks moved under the camera.' }],
      },
      {
        title: 'Warning letters to the households behind Clifton Street',
        owner: 'council',
        dueIn: 28,
        updates: [{ day: -3, status: 'in_progress', note: 'Forty letters sent; the lane is watched on bin day.' }],
      },
      { title: 'Apply for the dispersal order for Loudoun Square', owner: 'police', dueIn: 35, updates: [] },
    ],
  },
];
/** The meetings coming, days from today. */
const COMING = [7, 35] as const;

/** Noon in London (11:00 or 12:00 UTC) of the day `days` from `today`. */
function noonOf(today: string, days: number): Date {
  return new Date(`${addCalendarDays(today, days)}T11:30:00Z`);
}

/**
 * Fills the demo partnership with a year of its work, the way its people
 * would have done it: through the API and its domain services, in the order
 * it happened, on a clock set back to the day of each step (the API
 * refuses past dates, rightly, to anyone working today). An approved
 * assessment with one review recorded and the next one missed, a published
 * control strategy, problems at every SARA stage (one evaluated and closed),
 * a tactical group with three meetings held (attendance, decisions, actions)
 * and two coming, actions done on time, done late, overdue and due soon. The
 * flag scanners run on each meeting day and today, as the worker would, so
 * the flags (overdue actions, the missed review, the stale control strategy,
 * an unevaluated problem) are raised the normal way; incidents from the
 * police system at one place become a nomination on the next agenda.
 * Returns null when the database has the demo already (nothing is added twice).
 */
export async function seedDemoData(config: AppConfig): Promise<DemoReport | null> {
  const today = toLondonDate(new Date());
  const clock = new FixedClock(noonOf(today, -210));
  // The API as the demo's own, in this process and on its clock. Its access tokens last the
  // demo's year (each person signs in once, before the clock moves), and no rate limit applies.
  const app = await createApiApp(
    {
      ...config,
      auth: { ...config.auth, tokenTtlSeconds: 400 * 86_400 },
      rateLimit: { ...config.rateLimit, perPrincipal: 1_000_000, perAddress: 1_000_000 },
      // Its requests are the loader's own: warnings and errors only, unless LOG_LEVEL asks for more.
      log: { ...config.log, level: config.log.levelSet ? config.log.level : 'warn' },
    },
    { clock },
  );
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const apiUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    return await withScanContext(config, (scan) => loadYear(apiUrl, clock, today, scan), clock);
  } finally {
    await app.close();
  }
}

async function signIn(apiUrl: string, person: DemoPerson): Promise<ApiClient> {
  const token = must(
    `sign-in of ${person.email}`,
    await createApiClient(apiUrl).POST('/api/v1/auth/token', { body: { grantType: 'password', email: person.email, password: person.password } }),
  );
  return createApiClient(apiUrl, { accessToken: token.accessToken });
}

async function loadYear(apiUrl: string, clock: FixedClock, today: string, scan: INestApplicationContext): Promise<DemoReport | null> {
  const person = (role: Role) => DEMO_PEOPLE.find((p) => p.role === role)!;
  const [analyst, chair, officer] = await Promise.all([signIn(apiUrl, person('analyst')), signIn(apiUrl, person('chair')), signIn(apiUrl, person('partner'))]);
  const pid = { partnershipId: DEMO_PARTNERSHIP };
  const groups = must(
    'list groups',
    await analyst.GET('/api/v1/partnerships/{partnershipId}/tasking-groups', { params: { path: pid, query: { limit: 100 } } }),
  );
  if (groups.items.some((g) => g.name === DEMO_GROUP)) return null;

  const day = (days: number) => addCalendarDays(today, days);
  /** The steps of the year, each on its day: the clock moves forward only. */
  const steps: { day: number; order: number; run: () => Promise<void> }[] = [];
  const on = (days: number, run: () => Promise<void>) => steps.push({ day: days, order: steps.length, run });

  const agencies = must(
    'list agencies',
    await analyst.GET('/api/v1/partnerships/{partnershipId}/agencies', { params: { path: pid, query: { limit: 100 } } }),
  ).items;
  const agency = (kind: string) => {
    const found = agencies.find((a) => a.kind === kind) ?? agencies.at(0);
    if (!found) throw new Error(`demo: the partnership ${DEMO_PARTNERSHIP} has no agencies`);
    return found.id;
  };
  const agencyOf: Record<Owner, string> = { police: agency('police'), council: agency('local_authority') };
  const chairMe = must('me', await chair.GET('/api/v1/me'));
  const flagScans = scan.get(FlagScanService);

  // The strategic assessment, approved; a control strategy on it, published; the tactical group.
  let assessmentId = '';
  let groupId = '';
  on(-210, async () => {
    const assessment = must(
      'draft assessment',
      await analyst.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments', {
        params: { path: pid },
        body: {
          title: `Cardiff strategic assessment ${day(-210).slice(0, 4)}`,
          periodStart: day(-240),
          periodEnd: day(124),
          pestelo: {
            economic: 'Cost of living pressures on young people and the night-time economy.',
            social: 'More young people out of school in the evenings.',
          },
          intelligenceRequirement: ['Where is drug supply into Splott coming from?'],
          authors: ['CSP analyst team'],
          dataSources: ['South Wales Police recorded crime', 'Cardiff Council ASB team'],
        },
      }),
    );
    assessmentId = assessment.id;
    const apath = { path: { ...pid, assessmentId } };
    for (const [title, category, impact, likelihood] of [
      ['Violence in the night-time economy', 'violence', 4, 3],
      ['Anti-social behaviour in neighbourhoods', 'asb', 3, 4],
      ['Drug supply and exploitation', 'exploitation', 4, 2],
    ] as const) {
      must(
        'add priority',
        await analyst.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/priorities', {
          params: apath,
          body: { title, category, impact, likelihood },
        }),
      );
    }
    const approved = must('approve', await chair.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/approve', { params: apath }));
    const strategy = must(
      'draft strategy',
      await analyst.POST('/api/v1/partnerships/{partnershipId}/control-strategies', {
        params: { path: pid },
        body: {
          strategicAssessmentId: approved.id,
          notes: 'The first control strategy on this assessment.',
          priorities: (approved.priorities as Schemas['AssessmentPriorityDto'][]).map((p, i) => ({
            assessmentPriorityId: p.id,
            leadAgencyId: i === 1 ? agencyOf.council : agencyOf.police,
            strands: {
              prevention: { objectives: ['Fewer repeat locations'], measures: ['Incidents per month at the top ten locations'] },
              enforcement: { objectives: ['Target the most harmful offenders'], measures: ['Arrests and orders'] },
            },
          })),
        },
      }),
    );
    must(
      'publish strategy',
      await chair.POST('/api/v1/partnerships/{partnershipId}/control-strategies/{controlStrategyId}/publish', {
        params: { path: { ...pid, controlStrategyId: strategy.id } },
      }),
    );
    const group = must(
      'group',
      await chair.POST('/api/v1/partnerships/{partnershipId}/tasking-groups', {
        params: { path: pid },
        body: { name: DEMO_GROUP, level: 'tactical', chairUserId: chairMe.user.id, agencyIds: [agencyOf.police, agencyOf.council], cadenceDays: 28 },
      }),
    );
    groupId = group.id;
  });

  // The quarterly review, recorded on time with the ranking changed; the next one, due a month ago, missed.
  let reviews = 0;
  on(-120, async () => {
    const apath = { path: { ...pid, assessmentId } };
    const current = must('assessment', await analyst.GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}', { params: apath }));
    const drugs = (current.priorities as Schemas['AssessmentPriorityDto'][]).find((p) => p.title.startsWith('Drug supply'))!;
    must(
      'review',
      await chair.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/reviews', {
        params: apath,
        body: {
          summary: 'Quarterly review: dealing reported in Splott every week since spring; drug supply rises in likelihood.',
          priorityChanges: { rescore: [{ priorityId: drugs.id, likelihood: 4 }] },
        },
      }),
    );
    reviews++;
  });

  // Problems at every SARA stage, each moved on over the months.
  const counts: Record<string, number> = {};
  const problemIds = new Map<string, string>();
  const problemId = (title: string) => {
    const id = problemIds.get(title);
    if (!id) throw new Error(`demo: ${title} is not logged yet`);
    return id;
  };
  for (const spec of PROBLEMS) {
    const { logged, analysis, response, assessment, closed } = spec.days;
    const path = () => ({ path: { ...pid, problemId: problemId(spec.title) } });
    const advance = async (to: Exclude<Stage, 'scanning'>) =>
      void must(`advance to ${to}`, await analyst.POST('/api/v1/partnerships/{partnershipId}/problems/{problemId}/advance', { params: path(), body: { to } }));
    let responseId = '';
    on(logged, async () => {
      const problem = must(
        `log ${spec.title}`,
        await analyst.POST('/api/v1/partnerships/{partnershipId}/problems', {
          params: { path: pid },
          body: {
            title: spec.title,
            description: spec.description,
            category: spec.category,
            source: spec.source,
            locations: [LOCATION],
            plannedAssessmentDate: day(spec.plannedAssessment),
          },
        }),
      );
      problemIds.set(spec.title, problem.id);
      counts[spec.stage] = (counts[spec.stage] ?? 0) + 1;
    });
    if (analysis !== undefined) {
      on(analysis, async () => {
        await advance('analysis');
        const baseline = { measure: 'Incidents reported to police', periodStart: day(analysis - 90), periodEnd: day(analysis - 1), value: 40 };
        must(
          'analysis',
          await analyst.PUT('/api/v1/partnerships/{partnershipId}/problems/{problemId}/analysis', { params: path(), body: { triangle: TRIANGLE, baseline } }),
        );
      });
    }
    if (response !== undefined) {
      on(response, async () => {
        await advance('response');
        const body = {
          description: 'High-visibility patrols Thursday to Saturday evenings',
          type: 'enforcement' as const,
          status: 'in_progress' as const,
          ownerAgencyId: agencyOf.police,
          startDate: day(response),
          endDate: day(response + 60),
        };
        responseId = must('response', await analyst.POST('/api/v1/partnerships/{partnershipId}/problems/{problemId}/responses', { params: path(), body })).id;
      });
    }
    if (assessment !== undefined) on(assessment, () => advance('assessment'));
    if (closed !== undefined) {
      on(closed, async () => {
        const evaluation = {
          process: [{ responseId, delivered: true, note: 'Delivered as planned' }],
          impact: { measure: 'Incidents reported to police', periodStart: day(closed - 60), periodEnd: day(closed - 1), value: 22, result: 'reduced' as const },
          displacement: { kinds: ['none' as const], note: null },
          lessons: 'Patrols worked best alongside the youth service’s evening sessions.',
        };
        must('evaluation', await analyst.PUT('/api/v1/partnerships/{partnershipId}/problems/{problemId}/evaluation', { params: path(), body: evaluation }));
        await advance('closed');
      });
    }
  }

  // The tactical group's meetings: each scheduled when the one before closed, held on its day.
  let actionCount = 0;
  const schedule = async (days: number) =>
    must(
      'schedule',
      await chair.POST('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}/meetings', {
        params: { path: { ...pid, groupId } },
        body: { scheduledFor: new Date(`${day(days)}T17:00:00Z`).toISOString() },
      }),
    ).id;
  let nextMeeting = '';
  const firstMeeting = Math.min(...MEETINGS.map((m) => m.day));
  on(firstMeeting - 28, async () => void (nextMeeting = await schedule(firstMeeting)));
  MEETINGS.forEach((meeting, index) => {
    on(meeting.day, async () => {
      // The worker's scanners have run by the meeting: its agenda lists the flags of the day.
      await flagScans.scanAll();
      const mpath = { path: { ...pid, meetingId: nextMeeting } };
      must('open', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/open', { params: mpath }));
      const attendance = (['police', 'council'] as const).map((owner) =>
        owner === meeting.absent
          ? { agencyId: agencyOf[owner], status: 'apologies' as const, attendee: null }
          : { agencyId: agencyOf[owner], status: 'present' as const, attendee: owner === 'police' ? 'Insp. Siân Howells' : 'Gareth Price, Cardiff Council' },
      );
      must('attendance', await chair.PUT('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/attendance', { params: mpath, body: attendance }));
      must(
        'decision',
        await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/decisions', { params: mpath, body: { text: meeting.decision } }),
      );
      for (const action of meeting.actions) {
        const body = {
          title: action.title,
          ownerAgencyId: agencyOf[action.owner],
          ownerName: null,
          dueDate: day(meeting.day + action.dueIn),
          problemId: action.problem ? problemId(action.problem) : null,
        };
        const made = must('action', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/actions', { params: mpath, body }));
        actionCount++;
        // Police actions are reported on by the police officer, the council's by the chair for them.
        const reporter = action.owner === 'police' ? officer : chair;
        for (const update of action.updates) {
          on(update.day, async () => {
            must(
              'update action',
              await reporter.PATCH('/api/v1/partnerships/{partnershipId}/actions/{actionId}', {
                params: { path: { ...pid, actionId: made.id } },
                body: { status: update.status, note: update.note },
              }),
            );
          });
        }
      }
      must('close', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/close', { params: mpath }));
      const following = MEETINGS[index + 1]?.day ?? COMING[0];
      nextMeeting = await schedule(following);
      if (index === MEETINGS.length - 1) await schedule(COMING[1]);
    });
  });

  // Run the steps in the order of their days (steps added while running are slotted in).
  for (let done = 0; ; done++) {
    const pending = steps.slice(done).sort((a, b) => a.day - b.day || a.order - b.order);
    steps.splice(done, pending.length, ...pending);
    const step = steps[done];
    if (!step) break;
    const at = noonOf(today, step.day);
    if (at.getTime() > clock.now().getTime()) clock.set(at);
    await step.run();
  }

  // Today: incidents from the police system at one place, which the repeat-location scanner
  // nominates for the next meeting; then the flag scanners, as the worker runs them.
  clock.set(new Date());
  const place = { lsoaCode: 'W01001700', wardCode: 'W05000868', label: 'On or near Bute Street', lat: 51.4672, lng: -3.1681 };
  const items = [3, 9, 16, 24].map((ago, i) => ({
    sourceSystem: 'demo-police-rms',
    externalId: `DEMO-${i + 1}`,
    category: 'anti-social-behaviour' as const,
    hateIncident: false,
    occurredAt: new Date(Date.now() - ago * 86_400_000).toISOString(),
    location: place,
    outcome: 'Words of advice',
  }));
  must('incidents', await analyst.POST('/api/v1/partnerships/{partnershipId}/incidents', { params: { path: pid }, body: { items } }));
  const nominations = (await scan.get(NominationScanService).scan('repeat_location')).raised;
  await flagScans.scanAll();
  const flags = must('flags', await analyst.GET('/api/v1/partnerships/{partnershipId}/flags', { params: { path: pid, query: { open: true, limit: 100 } } }))
    .items.length;
  return { problems: counts, meetings: MEETINGS.length + COMING.length, actions: actionCount, reviews, incidents: items.length, nominations, flags };
}

/** The line the launcher and the command print after loading. */
export function describeDemo(report: DemoReport | null): string {
  if (!report) return 'The demo data is there already (from an earlier run): nothing added.';
  const problems = Object.entries(report.problems)
    .map(([stage, n]) => `${n} at ${stage}`)
    .join(', ');
  return `Loaded the demo: problems ${problems}; ${report.meetings} meetings; ${report.actions} actions; ${report.reviews} review(s); ${report.incidents} incidents; ${report.nominations} nomination(s); ${report.flags} open flag(s).`;
}
