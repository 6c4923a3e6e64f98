import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { approvedAssessment } from '../support/assessments';
import { community } from '../support/community';
import { agencyOf, member, partnershipId } from '../support/identity';
import { client } from '../support/http';
import { medianOf, say } from './measure';

/**
 * `npm run bench`: community intelligence and the public feed over many rows.
 * BENCH_INTELLIGENCE (default 200000) items in one partnership, nine in ten
 * C-coded for the custodians only (the worst case for a reader outside the
 * conditions: the handling rule filters most rows out), a tenth answering the
 * intelligence requirement; BENCH_ISSUES (default 50000) issues raised, half
 * with a published answer. Then the first page of the list as a viewer and as
 * an analyst, a filtered list, the figures, the requirement view and the
 * public feed. Prints figures; asserts nothing about speed.
 */
const ITEMS = Number(process.env.BENCH_INTELLIGENCE ?? 200_000);
const ISSUES = Number(process.env.BENCH_ISSUES ?? 50_000);

describe('benchmark: community intelligence and the public feed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it(`reads ${ITEMS} intelligence items and ${ISSUES} issues raised`, async () => {
    const pid = await partnershipId(t, 'cardiff');
    const admin = await member(t, 'cardiff', 'admin');
    const analyst = await member(t, 'cardiff', 'analyst');
    const viewer = await member(t, 'cardiff', 'viewer');
    const police = await agencyOf(t, 'cardiff', 'police');
    const assessment = await approvedAssessment(t, 'cardiff', admin.auth, admin.auth, undefined, { intelligenceRequirement: ['Where?', 'Who?', 'When?'] });
    await t.db.query(
      `INSERT INTO intelligence_items (id, partnership_id, reported_on, category, area_code, content, source_evaluation, intelligence_assessment,
                                       handling_code, handling_conditions, strategic_assessment_id, requirement_index, created_by_type)
       SELECT gen_random_uuid(), $1, date '2026-01-15' - (i % 300), CASE WHEN i % 3 = 0 THEN 'substance-misuse' ELSE 'anti-social-behaviour' END,
              'W0100' || lpad((i % 2000)::text, 4, '0'), 'Benchmark report', 1 + i % 3, chr(65 + i % 5),
              CASE WHEN i % 10 = 0 THEN 'P' ELSE 'C' END, CASE WHEN i % 10 = 0 THEN NULL ELSE 'custodians only' END,
              CASE WHEN i % 10 = 5 THEN $3::uuid END, CASE WHEN i % 10 = 5 THEN 0 END, 'system'
         FROM generate_series(1, $2) AS i`,
      [pid, ITEMS, assessment.id],
    );
    const { id: engagementId } = firstOf(
      await t.db.query<{ id: string }>(
        `INSERT INTO engagements (id, partnership_id, held_on, kind, title, area_codes, created_by_type)
       VALUES (gen_random_uuid(), $1, '2026-01-10', 'pact_meeting', 'Benchmark PACT', '{W05001289}', 'system') RETURNING id`,
        [pid],
      ),
    );
    await t.db.query(
      `INSERT INTO engagement_issues (id, partnership_id, engagement_id, raised_on, category, area_code, what_was_said, raised_by_count,
                                      answer_text, answer_agency_id, answered_at, published_at, created_by_type)
       SELECT gen_random_uuid(), $1, $2, date '2026-01-10' - (i % 700), 'anti-social-behaviour', 'W0500' || lpad((i % 80)::text, 4, '0'), 'Said', 1 + i % 4,
              CASE WHEN i % 2 = 0 THEN 'Done' END, CASE WHEN i % 2 = 0 THEN $3::uuid END, CASE WHEN i % 2 = 0 THEN timestamptz '2026-01-12T10:00Z' END,
              CASE WHEN i % 2 = 0 THEN timestamptz '2026-01-12T10:00Z' END, 'system'
         FROM generate_series(1, $4) AS i`,
      [pid, engagementId, police, ISSUES],
    );
    await t.db.query('ANALYZE intelligence_items');
    await t.db.query('ANALYZE engagement_issues');
    const base = community('cardiff');
    const asViewer = client(t, viewer.auth);
    const asAnalyst = client(t, analyst.auth);
    say(
      `GET intelligence?limit=25 as a viewer (P-coded only: 1 in 10 readable): median ${(await medianOf(10, () => asViewer.get(`${base}/intelligence?limit=25`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET intelligence?limit=25 as an analyst (every item): median ${(await medianOf(10, () => asAnalyst.get(`${base}/intelligence?limit=25`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET intelligence?category=substance-misuse&limit=100 as a viewer: median ${(await medianOf(10, () => asViewer.get(`${base}/intelligence?category=substance-misuse&limit=100`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET intelligence?area=W01000042 as a viewer: median ${(await medianOf(10, () => asViewer.get(`${base}/intelligence?area=W01000042`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET community-figures (12 months) as a viewer: median ${(await medianOf(5, () => asViewer.get(`${base}/community-figures`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET community-figures (12 months) as an analyst: median ${(await medianOf(5, () => asAnalyst.get(`${base}/community-figures`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET .../intelligence-requirement (${ITEMS / 10} items linked, period of one day): median ${(await medianOf(5, () => asViewer.get(`${base}/strategic-assessments/${assessment.id}/intelligence-requirement`).expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET public you-said-we-did (${ISSUES / 2} published, first 500): median ${(await medianOf(10, () => t.http.get('/api/v1/public/partnerships/cardiff/you-said-we-did').expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET public you-said-we-did?area=W05000007&from=2025-07-01: median ${(await medianOf(10, () => t.http.get('/api/v1/public/partnerships/cardiff/you-said-we-did?area=W05000007&from=2025-07-01').expect(200))).toFixed(1)} ms`,
    );
    say(
      `GET engagement-issues?published=true&limit=100: median ${(await medianOf(10, () => asViewer.get(`${base}/engagement-issues?published=true&limit=100`).expect(200))).toFixed(1)} ms`,
    );
  });
});
