import { resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { TransactionHost, type AppConfig } from '@app/core';
import type { Role } from '@app/core/security';
import { createApiClient, type ApiClient, type Schemas } from '@app/api-client';
import { MembershipsService, UsersService } from '@app/domain/identity';
import { NominationScanService } from '@app/domain/intake';
import { PartnershipsService } from '@app/domain/partnerships';
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
          const agencyId = person.agencyKind ? (await partnerships.listAgencies(ref.id, { limit: 100 })).items.find((a) => a.kind === person.agencyKind)?.id : undefined;
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

async function signIn(apiUrl: string, person: DemoPerson): Promise<ApiClient> {
  const token = must(`sign-in of ${person.email}`, await createApiClient(apiUrl).POST('/api/v1/auth/token', { body: { grantType: 'password', email: person.email, password: person.password } }));
  return createApiClient(apiUrl, { accessToken: token.accessToken });
}

/** A calendar date `days` from today (Europe/London). */
function day(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86_400_000));
}

export interface DemoReport {
  problems: Record<string, number>;
  meetings: number;
  actions: number;
  incidents: number;
  nominations: number;
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

const PROBLEMS: { stage: 'scanning' | 'analysis' | 'response' | 'assessment' | 'closed'; title: string; description: string; category: string; source: Schemas['CreateProblemDto']['source'] }[] = [
  { stage: 'scanning', title: 'Fly-tipping behind Clifton Street', description: 'Bags and furniture dumped weekly in the back lane.', category: 'environmental', source: 'complaint' },
  { stage: 'analysis', title: 'Drug dealing near Splott Road shops', description: 'Residents report dealing from parked cars in the evenings.', category: 'substance-misuse', source: 'community_intelligence' },
  { stage: 'response', title: 'Youth ASB around Loudoun Square shops', description: 'Groups gathering from 6pm; shutters damaged and staff intimidated.', category: 'anti-social-behaviour', source: 'monitoring' },
  { stage: 'assessment', title: 'Bike thefts at Cardiff Central', description: 'Cycle racks on the south side targeted twice a week.', category: 'acquisitive-crime', source: 'partner_intelligence' },
  { stage: 'closed', title: 'Street drinking in Grangetown Park', description: 'Daily street drinking by the play area; parents stopped using it.', category: 'anti-social-behaviour', source: 'community_engagement' },
];

/**
 * Fills the demo partnership through the API, as its people would: an approved
 * assessment and a published control strategy, problems at every SARA stage, a
 * tactical group with a closed meeting (its decisions and actions) and the next
 * one scheduled, and incidents at one place that the repeat-location scanner
 * turns into a nomination on that meeting's agenda. Returns null when the
 * database has the demo already (nothing is added twice).
 */
export async function seedDemoData(apiUrl: string, scanRepeatLocations: () => Promise<number>): Promise<DemoReport | null> {
  const person = (role: Role) => DEMO_PEOPLE.find((p) => p.role === role)!;
  const [analyst, chair] = await Promise.all([signIn(apiUrl, person('analyst')), signIn(apiUrl, person('chair'))]);
  const pid = { partnershipId: DEMO_PARTNERSHIP };
  const groups = must('list groups', await analyst.GET('/api/v1/partnerships/{partnershipId}/tasking-groups', { params: { path: pid, query: { limit: 100 } } }));
  if (groups.items.some((g) => g.name === DEMO_GROUP)) return null;

  const agencies = must('list agencies', await analyst.GET('/api/v1/partnerships/{partnershipId}/agencies', { params: { path: pid, query: { limit: 100 } } })).items;
  const agency = (kind: string) => (agencies.find((a) => a.kind === kind) ?? agencies[0]).id;
  const police = agency('police');
  const council = agency('local_authority');
  const chairMe = must('me', await chair.GET('/api/v1/me'));

  // The strategic assessment, approved, and a control strategy on it, published.
  const assessment = must(
    'draft assessment',
    await analyst.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments', {
      params: { path: pid },
      body: {
        title: `Cardiff strategic assessment ${day(0).slice(0, 4)}`,
        periodStart: day(-30),
        periodEnd: day(335),
        pestelo: { economic: 'Cost of living pressures on young people and the night-time economy.', social: 'More young people out of school in the evenings.' },
        intelligenceRequirement: ['Where is drug supply into Splott coming from?'],
        authors: ['CSP analyst team'],
        dataSources: ['South Wales Police recorded crime', 'Cardiff Council ASB team'],
      },
    }),
  );
  const priorityOf = async (title: string, category: string, impact: number, likelihood: number) =>
    must('add priority', await analyst.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/priorities', { params: { path: { ...pid, assessmentId: assessment.id } }, body: { title, category, impact, likelihood } }));
  await priorityOf('Violence in the night-time economy', 'violence', 4, 3);
  await priorityOf('Anti-social behaviour in neighbourhoods', 'asb', 3, 4);
  await priorityOf('Drug supply and exploitation', 'exploitation', 4, 2);
  const approved = must('approve', await chair.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/approve', { params: { path: { ...pid, assessmentId: assessment.id } } }));
  const strategy = must(
    'draft strategy',
    await analyst.POST('/api/v1/partnerships/{partnershipId}/control-strategies', {
      params: { path: pid },
      body: {
        strategicAssessmentId: approved.id,
        notes: 'The first control strategy on this assessment.',
        priorities: (approved.priorities as Schemas['AssessmentPriorityDto'][]).map((p, i) => ({
          assessmentPriorityId: p.id,
          leadAgencyId: i === 1 ? council : police,
          strands: {
            prevention: { objectives: ['Fewer repeat locations'], measures: ['Incidents per month at the top ten locations'] },
            enforcement: { objectives: ['Target the most harmful offenders'], measures: ['Arrests and orders'] },
          },
        })),
      },
    }),
  );
  must('publish strategy', await chair.POST('/api/v1/partnerships/{partnershipId}/control-strategies/{controlStrategyId}/publish', { params: { path: { ...pid, controlStrategyId: strategy.id } } }));

  // Problems at every SARA stage.
  const counts: Record<string, number> = {};
  for (const spec of PROBLEMS) {
    const path = { ...pid };
    const problem = must(
      `log ${spec.title}`,
      await analyst.POST('/api/v1/partnerships/{partnershipId}/problems', {
        params: { path },
        body: { title: spec.title, description: spec.description, category: spec.category, source: spec.source, locations: [LOCATION], plannedAssessmentDate: day(60) },
      }),
    );
    const at = { ...pid, problemId: problem.id };
    const advance = async (to: 'analysis' | 'response' | 'assessment' | 'closed') => must(`advance to ${to}`, await analyst.POST('/api/v1/partnerships/{partnershipId}/problems/{problemId}/advance', { params: { path: at }, body: { to } }));
    const order = ['scanning', 'analysis', 'response', 'assessment', 'closed'];
    const reach = order.indexOf(spec.stage);
    if (reach >= 1) {
      await advance('analysis');
      must('analysis', await analyst.PUT('/api/v1/partnerships/{partnershipId}/problems/{problemId}/analysis', { params: { path: at }, body: { triangle: TRIANGLE, baseline: { measure: 'Incidents reported to police', periodStart: day(-120), periodEnd: day(-30), value: 40 } } }));
    }
    let responseId: string | undefined;
    if (reach >= 2) {
      await advance('response');
      responseId = must('response', await analyst.POST('/api/v1/partnerships/{partnershipId}/problems/{problemId}/responses', { params: { path: at }, body: { description: 'High-visibility patrols Thursday to Saturday evenings', type: 'enforcement', status: 'in_progress', ownerAgencyId: police, startDate: day(0), endDate: day(60) } })).id;
    }
    if (reach >= 3) await advance('assessment');
    if (reach >= 4) {
      must(
        'evaluation',
        await analyst.PUT('/api/v1/partnerships/{partnershipId}/problems/{problemId}/evaluation', {
          params: { path: at },
          body: {
            process: [{ responseId: responseId!, delivered: true, note: 'Delivered as planned' }],
            impact: { measure: 'Incidents reported to police', periodStart: day(-29), periodEnd: day(0), value: 22, result: 'reduced' },
            displacement: { kinds: ['none'], note: null },
            lessons: 'Patrols worked best alongside the youth service’s evening sessions.',
          },
        }),
      );
      await advance('closed');
    }
    counts[spec.stage] = (counts[spec.stage] ?? 0) + 1;
  }

  // The tactical group: a meeting held today (attendance, decisions, actions), closed; the next one in a week.
  const group = must(
    'group',
    await chair.POST('/api/v1/partnerships/{partnershipId}/tasking-groups', { params: { path: pid }, body: { name: DEMO_GROUP, level: 'tactical', chairUserId: chairMe.user.id, agencyIds: [police, council], cadenceDays: 28 } }),
  );
  const gpath = { ...pid, groupId: group.id };
  const held = must('schedule', await chair.POST('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}/meetings', { params: { path: gpath }, body: { scheduledFor: new Date(Date.now() + 60_000).toISOString() } }));
  const mpath = { ...pid, meetingId: held.id };
  must('open', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/open', { params: { path: mpath } }));
  must('attendance', await chair.PUT('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/attendance', { params: { path: mpath }, body: [{ agencyId: police, status: 'present', attendee: 'Insp. Siân Howells' }, { agencyId: council, status: 'apologies', attendee: null }] }));
  must('decision', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/decisions', { params: { path: mpath }, body: { text: 'Seek a dispersal order for Loudoun Square for the summer holidays.' } }));
  const actions: [string, string, number][] = [
    ['Joint patrol of Loudoun Square, Thursday to Saturday evenings', police, 7],
    ['Repair the shutters and lighting on the parade', council, 14],
    ['Report on drug supply routes into Splott', police, 0],
  ];
  const actionIds: string[] = [];
  for (const [title, ownerAgencyId, days] of actions) {
    actionIds.push(must('action', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/actions', { params: { path: mpath }, body: { title, ownerAgencyId, ownerName: null, dueDate: day(days) } })).id);
  }
  must('close', await chair.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/close', { params: { path: mpath } }));
  // The police officer reports back on the police's actions: the report done on its due date, the patrols under way.
  const officer = await signIn(apiUrl, person('partner'));
  const update = async (index: number, status: 'in_progress' | 'done', note: string) =>
    must('update action', await officer.PATCH('/api/v1/partnerships/{partnershipId}/actions/{actionId}', { params: { path: { ...pid, actionId: actionIds[index] } }, body: { status, note } }));
  await update(2, 'done', 'Report sent to the group; supply comes in by train from the east.');
  await update(0, 'in_progress', 'First two evenings patrolled; the group moved on each time.');
  must('schedule next', await chair.POST('/api/v1/partnerships/{partnershipId}/tasking-groups/{groupId}/meetings', { params: { path: gpath }, body: { scheduledFor: new Date(Date.now() + 7 * 86_400_000).toISOString() } }));

  // Incidents from the police system at one place: the repeat-location scanner nominates it.
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
  const nominations = await scanRepeatLocations();
  return { problems: counts, meetings: 2, actions: actions.length, incidents: items.length, nominations };
}

/** The repeat-location scanner run now (the worker runs it on its schedule). */
export async function scanRepeatLocations(config: AppConfig): Promise<number> {
  return withScanContext(config, async (ctx) => (await ctx.get(NominationScanService).scan('repeat_location')).raised);
}

/** The line the launcher and the command print after loading. */
export function describeDemo(report: DemoReport | null): string {
  if (!report) return 'The demo data is there already (from an earlier run): nothing added.';
  const problems = Object.entries(report.problems).map(([stage, n]) => `${n} at ${stage}`).join(', ');
  return `Loaded the demo: problems ${problems}; ${report.meetings} meetings; ${report.actions} actions; ${report.incidents} incidents; ${report.nominations} nomination(s).`;
}
