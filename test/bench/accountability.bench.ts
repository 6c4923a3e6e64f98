import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { CrossPartnershipHost } from '@app/core';
import { FiguresService, MeetingPacksService } from '@app/domain/accountability';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { agencyOf, createUser, member, partnershipId, platformAdmin } from '../support/identity';
import { arrangeStrategy } from '../support/problems';
import { createGroup, scheduleMeeting } from '../support/tasking';
import { client, tokenNow } from '../support/http';
import { medianOf, say, timed } from './measure';

/**
 * `npm run bench`: the accountability figures at scale. BENCH_PROBLEMS
 * (default 1,000,000) problems and BENCH_ACTIONS (default 200,000) actions
 * spread over the 19 partnerships and two years, generated set-based; then
 * the worker's materialisation of every partnership's quarters, the
 * oversight view read from them, one partnership's own figures for 12
 * months (computed from the records), and the time to build a meeting's
 * pack. With them BENCH_INCIDENTS (default 1,000,000) incidents (a tenth at
 * repeat locations with a nomination, a population for every council),
 * BENCH_ENGAGEMENTS (default 20,000) engagements with three issues each, and
 * BENCH_INTELLIGENCE (default 50,000) intelligence items. Prints figures; asserts nothing about speed. Test clock:
 * 2026-01-15T10:00Z.
 */
const PROBLEMS = Number(process.env.BENCH_PROBLEMS ?? 1_000_000);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 200_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
const ENGAGEMENTS = Number(process.env.BENCH_ENGAGEMENTS ?? 20_000);
const INTELLIGENCE = Number(process.env.BENCH_INTELLIGENCE ?? 50_000);

describe('benchmark: accountability', () => {
  let t: TestApp;
  let w: TestWorker;

  beforeAll(async () => {
    t = await createTestApp({ env: { SCAN_INTERVAL_MINUTES: '1440', FIGURES_REFRESH_MINUTES: '1440', PACK_SCAN_INTERVAL_SECONDS: '3600' } });
    w = await createTestWorker({ environment: t });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it(`figures, the oversight view and a pack over ${PROBLEMS} problems and ${ACTIONS} actions`, async () => {
    const chair = await member(t, 'cardiff', 'chair');
    await arrangeStrategy(t, 'cardiff');
    const [generated, generateMs] = await timed(async () => {
      await t.db.query(
        `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM partnerships),
              src AS (SELECT array['community_engagement','monitoring','referral','strategic_assessment','community_intelligence','partner_intelligence','environmental_visual_audit','complaint','asb_case_review'] AS s),
              stg AS (SELECT array['scanning','analysis','response','assessment','closed'] AS s)
         INSERT INTO problems (id, partnership_id, number, reference, title, description, category, source, stage, stage_changed_at, created_at, planned_assessment_date, evaluated_at)
         SELECT gen_random_uuid(), p.id, 100000 + i, 'BENCH-P-' || i, 'Benchmark problem', 'Generated', 'anti-social-behaviour',
                src.s[1 + i % 9], stg.s[1 + (i / 7) % 5],
                timestamptz '2024-01-15T10:00:00Z' + ((i % 720) || ' days')::interval + interval '20 days',
                timestamptz '2024-01-15T10:00:00Z' + ((i % 720) || ' days')::interval,
                date '2026-06-30',
                CASE WHEN (i / 7) % 5 = 4 AND i % 3 <> 0 THEN timestamptz '2024-01-15T10:00:00Z' + ((i % 720) || ' days')::interval + interval '20 days' END
           FROM generate_series(1, $1) AS i CROSS JOIN src CROSS JOIN stg JOIN p ON p.n = 1 + i % p.total`,
        [PROBLEMS],
      );
      await t.db.query(
        `INSERT INTO problem_evaluations (problem_id, partnership_id, process, impact_measure, impact_period_start, impact_period_end, impact_value, impact_result, displacement_kinds, lessons, evaluated_at, evaluated_by_type)
         SELECT id, partnership_id, '[]', 'Incidents', '2025-01-01', '2025-03-31', 1, (array['eliminated','reduced','less_harmful','no_change'])[1 + number % 4], '{none}', 'Generated', evaluated_at, 'system'
           FROM problems WHERE evaluated_at IS NOT NULL`,
      );
      await t.db.query(
        `WITH ag AS (SELECT id, partnership_id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM agencies)
         INSERT INTO actions (id, partnership_id, number, reference, title, owner_agency_id, due_date, status, completed_at, created_at, created_by_type)
         SELECT gen_random_uuid(), ag.partnership_id, 1000000 + i, 'BENCH-A-' || i, 'Benchmark action', ag.id,
                date '2024-02-01' + (i % 700),
                CASE WHEN i % 10 < 6 THEN 'done' WHEN i % 10 = 6 THEN 'cancelled' WHEN i % 10 = 7 THEN 'in_progress' ELSE 'open' END,
                CASE WHEN i % 10 < 6 THEN (date '2024-02-01' + (i % 700) + (i % 3) - 1)::timestamp AT TIME ZONE 'Europe/London' + interval '12 hours' END,
                timestamptz '2024-01-15T10:00:00Z', 'system'
           FROM generate_series(1, $1) AS i JOIN ag ON ag.n = 1 + i % ag.total`,
        [ACTIONS],
      );
      const cats = `array['anti-social-behaviour','burglary','vehicle-crime','violent-crime','criminal-damage-arson','shoplifting','drugs','fly-tipping']`;
      await t.db.query(
        `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM partnerships)
         INSERT INTO incidents (id, partnership_id, source_system, external_id, category, occurred_at, month_only, occurred_month, occurred_on, location_key, content_hash)
         SELECT gen_random_uuid(), p.id, 'bench', 'BENCH-I-' || i, (${cats})[1 + i % 8], NULL, true,
                date_trunc('month', date '2024-01-01' + (i % 760))::date, date '2024-01-01' + (i % 760),
                CASE WHEN i % 10 = 0 THEN 'L' || (i % 5000) END, 'x'
           FROM generate_series(1, $1) AS i JOIN p ON p.n = 1 + i % p.total`,
        [INCIDENTS],
      );
      await t.db.query(
        `INSERT INTO nominations (id, partnership_id, kind, cause_key, window_start, window_end, title, category, evidence_count)
         SELECT gen_random_uuid(), partnership_id, 'repeat_location', location_key, min(occurred_on), max(occurred_on), 'Repeat', min(category), count(*)
           FROM incidents WHERE location_key IS NOT NULL GROUP BY partnership_id, location_key`,
      );
      await t.db.query(
        `INSERT INTO council_populations (code, year, name, population) SELECT code, y, name, 100000 + length(name) * 1000 FROM local_authorities CROSS JOIN generate_series(2023, 2025) AS y`,
      );
      await t.db.query(
        `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM partnerships)
         INSERT INTO engagements (id, partnership_id, held_on, kind, title, area_codes, created_by_type)
         SELECT gen_random_uuid(), p.id, date '2024-01-01' + (i % 740), 'pact_meeting', 'Benchmark PACT', ARRAY['W05' || lpad((i % 400)::text, 6, '0')], 'system'
           FROM generate_series(1, $1) AS i JOIN p ON p.n = 1 + i % p.total`,
        [ENGAGEMENTS],
      );
      await t.db.query(
        `INSERT INTO engagement_issues (id, partnership_id, engagement_id, raised_on, category, area_code, what_was_said, raised_by_count, created_by_type, answer_text, answered_at, answer_agency_id)
         SELECT gen_random_uuid(), e.partnership_id, e.id, e.held_on, 'anti-social-behaviour', e.area_codes[1], 'Generated', 1, 'system',
                CASE WHEN k < 3 THEN 'Answered' END, CASE WHEN k < 3 THEN e.held_on + k * 7 + time '12:00' END, CASE WHEN k < 3 THEN ag.id END
           FROM engagements e CROSS JOIN generate_series(1, 3) AS k
           JOIN LATERAL (SELECT id FROM agencies a WHERE a.partnership_id = e.partnership_id ORDER BY id LIMIT 1) ag ON true`,
      );
      await t.db.query(
        `WITH p AS (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM partnerships)
         INSERT INTO intelligence_items (id, partnership_id, reported_on, category, content, source_evaluation, intelligence_assessment, handling_code, handling_conditions, created_by_type)
         SELECT gen_random_uuid(), p.id, date '2024-01-01' + (i % 740), 'drugs', 'Generated', 1 + i % 3, (array['A','B','C','D','E'])[1 + i % 5],
                CASE WHEN i % 10 = 0 THEN 'C' ELSE 'P' END, CASE WHEN i % 10 = 0 THEN '{"text":"Police only","roles":["admin"]}'::jsonb END, 'system'
           FROM generate_series(1, $1) AS i JOIN p ON p.n = 1 + i % p.total`,
        [INTELLIGENCE],
      );
      for (const table of ['problems', 'problem_evaluations', 'actions', 'incidents', 'nominations', 'engagements', 'engagement_issues', 'intelligence_items'])
        await t.db.query(`ANALYZE ${table}`);
      return firstOf(
        await t.db.query<{ p: number; a: number; i: number }>(
          'SELECT (SELECT count(*) FROM problems)::int AS p, (SELECT count(*) FROM actions)::int AS a, (SELECT count(*) FROM incidents)::int AS i',
        ),
      );
    });
    say(
      `generated ${generated.p} problems, ${generated.a} actions and ${generated.i} incidents (with engagements, issues and intelligence) over 19 partnerships: ${(generateMs / 1000).toFixed(1)} s`,
    );

    const figures = w.app.get(FiguresService);
    const cross = w.app.get(CrossPartnershipHost);
    const [materialised, firstMs] = await timed(() => figures.materialise(cross));
    say(
      `materialise ${materialised.quarters} quarters of ${materialised.partnerships} partnerships (${materialised.rows} rows, worker role): ${(firstMs / 1000).toFixed(1)} s; statements (ms): ${JSON.stringify(figures.repository.lastTimings)}`,
    );
    const [, againMs] = await timed(() => figures.materialise(cross));
    say(`materialise again (same rows): ${(againMs / 1000).toFixed(1)} s`);

    const board = await createUser(t);
    await client(t, await tokenNow(t, (await platformAdmin(t)).user.id))
      .post('/api/v1/oversight-grants')
      .send({ userId: board.id, allPartnerships: true })
      .expect(201);
    const boardAuth = await tokenNow(t, board.id);
    const view = await medianOf(10, () => client(t, boardAuth).get('/api/v1/oversight/figures?from=2025-01-01&to=2025-12-31').expect(200));
    say(`GET oversight/figures (19 partnerships, 4 quarters, suppressed, median and ranks): median ${view.toFixed(1)} ms`);
    const { n: inCardiff } = firstOf(
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM problems WHERE partnership_id = $1', [await partnershipId(t, 'cardiff')]),
    );
    const auth = await tokenNow(t, chair.user.id);
    const own = await medianOf(5, () => client(t, auth).get('/api/v1/partnerships/cardiff/figures?from=2025-01-16&to=2026-01-15').expect(200));
    say(
      `GET {pid}/figures for 12 months and its 5 quarters (${inCardiff} problems in the partnership, from the records): median ${own.toFixed(0)} ms; statements (ms): ${JSON.stringify(t.app.get(FiguresService).repository.lastTimings)}`,
    );

    const police = await agencyOf(t, 'cardiff', 'police');
    const group = await createGroup(t, 'cardiff', auth, { chairUserId: chair.user.id, agencyIds: [police] });
    const meeting = await scheduleMeeting(t, 'cardiff', auth, group.id, '2026-01-20T18:00:00Z');
    const packs = w.app.get(MeetingPacksService);
    const pid = await partnershipId(t, 'cardiff');
    const build = await medianOf(5, () => packs.build(pid, meeting.id));
    const { size } = firstOf(await t.db.query<{ size: number }>('SELECT octet_length(pdf) AS size FROM meeting_packs WHERE meeting_id = $1', [meeting.id]));
    say(
      `build a meeting pack (agenda at the section limit of 200 overdue actions, charts, PDF ${Math.round(size / 1024)} KiB and HTML): median ${build.toFixed(0)} ms`,
    );
  });
});
