import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { CrossPartnershipHost, TransactionHost } from '@app/core';
import { FiguresService } from '@app/domain/accountability';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { arrangeWorkedExample, insertProblems, type Json } from './support/accountability';
import { agencyOf, createUser, member, partnershipId, platformAdmin } from './support/identity';
import { expectProblem } from './support/problem-details';
import { insertActions } from './support/tasking';
import { client, tokenNow } from './support/http';

const Q1 = 'from=2026-01-01&to=2026-03-31';

const of = (body: Json, code: string) => body.partnerships.find((p: Json) => p.code === code);
const fig = (p: Json, key: string) => p.figures.find((f: Json) => f.key === key);

describe('the oversight view: aggregates across partnerships, suppressed, ranked', () => {
  let t: TestApp;
  let w: TestWorker;
  let admin: string;
  let board: { id: string; auth: () => Promise<string> };

  const materialise = () => w.app.get(FiguresService).materialise(w.app.get(CrossPartnershipHost));

  beforeAll(async () => {
    t = await createTestApp({ env: { FIGURES_REFRESH_MINUTES: '1440', PACK_SCAN_INTERVAL_SECONDS: '3600' } });
    w = await createTestWorker({ environment: t });
    await arrangeWorkedExample(t, 'swansea');
    // Powys: 20 actions due in Q1, 12 on time and 8 late; 10 problems from monitoring and 3 referrals.
    const powysPolice = await agencyOf(t, 'powys', 'police');
    await insertActions(t, 'powys', [
      ...Array.from({ length: 12 }, () => ({ dueDate: '2026-02-10', agencyId: powysPolice, status: 'done' as const, completedAt: '2026-02-09T12:00:00Z' })),
      ...Array.from({ length: 8 }, () => ({ dueDate: '2026-02-10', agencyId: powysPolice, status: 'done' as const, completedAt: '2026-02-20T12:00:00Z' })),
    ]);
    await insertProblems(t, 'powys', [
      ...Array.from({ length: 10 }, () => ({
        createdAt: '2026-02-01T10:00:00Z',
        source: 'monitoring',
        stage: 'scanning' as const,
        stageChangedAt: '2026-02-01T10:00:00Z',
      })),
      ...Array.from({ length: 3 }, () => ({
        createdAt: '2026-02-01T10:00:00Z',
        source: 'referral',
        stage: 'scanning' as const,
        stageChangedAt: '2026-02-01T10:00:00Z',
      })),
    ]);
    // Cardiff: 10 actions due in Q1, all on time.
    const cardiffCouncil = await agencyOf(t, 'cardiff', 'local_authority');
    await insertActions(
      t,
      'cardiff',
      Array.from({ length: 10 }, () => ({ dueDate: '2026-03-02', agencyId: cardiffCouncil, status: 'done' as const, completedAt: '2026-03-01T12:00:00Z' })),
    );
    admin = (await platformAdmin(t)).user.id;
    const user = await createUser(t);
    const res = await client(t, await tokenNow(t, admin))
      .post('/api/v1/oversight-grants')
      .send({ userId: user.id, allPartnerships: true });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    board = { id: user.id, auth: () => tokenNow(t, user.id) };
    await materialise();
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  /** The Q1 figures of every partnership, as the oversight board reads them. */
  const boardFigures = async (): Promise<Json> =>
    (
      await client(t, await board.auth())
        .get(`/api/v1/oversight/figures?${Q1}`)
        .expect(200)
    ).body;
  /** How many materialised quarter rows there are, and a digest of their counts. */
  const quarterRows = () =>
    t.db.query<{ n: number; digest: string }>(
      `SELECT count(*)::int AS n, md5(string_agg(partnership_id::text || quarter_start::text || counts::text, '|' ORDER BY partnership_id, quarter_start)) AS digest FROM figure_quarters`,
    );

  it('materialises one row per partnership and quarter, and a second run leaves the same rows', async () => {
    const before = await quarterRows();
    assert.equal(firstOf(before).n, 19 * 8, '19 partnerships, 8 quarters (2024-Q3 to 2026-Q2)');
    await Promise.all([materialise(), materialise()]);
    const after = await quarterRows();
    assert.deepEqual(after, before);
    const swansea = firstOf(
      await t.db.query<{ counts: Record<string, number> }>(`SELECT counts FROM figure_quarters WHERE partnership_id = $1 AND quarter_start = '2026-01-01'`, [
        await partnershipId(t, 'swansea'),
      ]),
    );
    assert.equal(swansea.counts['actions.onTime'], 4, 'the true counts are kept; only the view suppresses');
    assert.ok(!Object.keys(swansea.counts).some((k) => k.includes('@agency:')), 'no agency of a partnership, only agency kinds');
  });

  it('shows each partnership side by side with the all-Wales median and ranks', async () => {
    const body = await boardFigures();
    assert.equal(body.partnerships.length, 19);
    assert.deepEqual(body.quarters, ['2026-Q1']);
    const cardiff = fig(of(body, 'cardiff'), 'action_on_time_rate');
    const powys = fig(of(body, 'powys'), 'action_on_time_rate');
    assert.deepEqual([cardiff.value, cardiff.numerator, cardiff.denominator, cardiff.rank], [1, 10, 10, 1]);
    assert.deepEqual([powys.value, powys.denominator, powys.rank, powys.rankOf], [0.6, 20, 2, 2]);
    assert.equal(powys.median, 0.8, 'median of the partnerships whose figure is shown with enough data');
    assert.ok(powys.definition.length > 30);
    assert.equal(of(body, 'powys').trend.length, 1);
    assert.equal(of(body, 'powys').trend[0].values.action_on_time_rate, 0.6);
    assert.equal(body.medianTrend[0].values.action_on_time_rate, 0.8);
  });

  it('answers counts from 1 to 4 as suppressed, and the cells that would give them away by differencing', async () => {
    const body = await boardFigures();
    const swansea = of(body, 'swansea');
    const rate = fig(swansea, 'action_on_time_rate');
    assert.equal(rate.suppressed, true, '4 of 7: the 3 not on time are a small count');
    assert.equal('value' in rate || 'numerator' in rate || 'denominator' in rate, false);
    assert.equal(rate.rank, null);
    assert.equal(fig(swansea, 'problems_by_stage:analysis').suppressed, true);
    assert.deepEqual(swansea.trend[0].values['problems_by_stage:analysis'], { suppressed: true });
    const powys = of(body, 'powys');
    assert.equal(fig(powys, 'problems_by_source:referral').suppressed, true, '3 referrals');
    assert.equal(fig(powys, 'problems_by_source:monitoring').suppressed, true, 'else 13 - 10 would give the 3 away');
    assert.equal(fig(powys, 'community_sources_used').denominator, 13);
    // Nothing a reader can add up reveals a number from 1 to 4.
    const shown = (p: Json) => p.figures.filter((f: Json) => !f.suppressed);
    for (const p of body.partnerships) {
      for (const f of shown(p)) {
        for (const n of [
          f.unit === 'count' ? f.value : null,
          f.numerator,
          f.denominator,
          f.denominator !== undefined && f.numerator !== undefined ? f.denominator - f.numerator : null,
        ]) {
          assert.ok(n === null || n === undefined || n === 0 || n >= 5, `${p.code} ${f.key}: ${n}`);
        }
      }
    }
  });

  it('restricts a regional grant to its partnerships: another is 404, the default is the grant', async () => {
    const regional = await createUser(t);
    await client(t, await tokenNow(t, admin))
      .post('/api/v1/oversight-grants')
      .send({ userId: regional.id, partnershipIds: [await partnershipId(t, 'cardiff'), await partnershipId(t, 'newport')] })
      .expect(201);
    const auth = await tokenNow(t, regional.id);
    const body = (await client(t, auth).get(`/api/v1/oversight/figures?${Q1}`).expect(200)).body;
    assert.deepEqual(body.partnerships.map((p: Json) => p.code).sort(), ['cardiff', 'newport']);
    assert.equal(fig(of(body, 'cardiff'), 'action_on_time_rate').rankOf, 2, 'ranked among all of Wales');
    expectProblem(await client(t, auth).get(`/api/v1/oversight/figures?${Q1}&partnerships=powys`), 404);
    assert.equal((await client(t, auth).get(`/api/v1/oversight/figures?${Q1}&partnerships=newport`).expect(200)).body.partnerships.length, 1);
  });

  it('gives an oversight principal no record: every partnership route is 404', async () => {
    const auth = await board.auth();
    for (const path of [
      '/api/v1/partnerships/powys',
      '/api/v1/partnerships/powys/figures',
      '/api/v1/partnerships/powys/problems',
      '/api/v1/partnerships/powys/actions',
      '/api/v1/partnerships/powys/audit-events',
    ]) {
      expectProblem(await client(t, auth).get(path), 404);
    }
    expectProblem(await client(t, auth).get('/api/v1/oversight-grants'), 403);
  });

  it("does not let a partnership's member see another partnership's figures through it", async () => {
    const cardiffAdmin = await member(t, 'cardiff', 'admin');
    const auth = await tokenNow(t, cardiffAdmin.user.id);
    expectProblem(await client(t, auth).get(`/api/v1/oversight/figures?${Q1}`), 403);
    expectProblem(await client(t, auth).get(`/api/v1/partnerships/powys/figures?${Q1}`), 404);
    // Underneath: in a transaction of Cardiff, the application role sees Cardiff's quarters only.
    const cardiffId = await partnershipId(t, 'cardiff');
    const tx = t.app.get(TransactionHost);
    const seen = await tx.run(cardiffId, () => tx.manager.query<{ id: string }[]>('SELECT DISTINCT partnership_id AS id FROM figure_quarters'));
    assert.deepEqual(
      seen.map((r) => r.id),
      [cardiffId],
    );
    const none = await tx.run(null, () => tx.manager.query<{ n: number }[]>('SELECT count(*)::int AS n FROM figure_quarters'));
    assert.equal(firstOf(none).n, 0, 'without a partnership and without the oversight setting: nothing');
  });

  it('lets platform admins grant, list and revoke; refuses a grant to a platform admin and a bad body', async () => {
    const auth = await tokenNow(t, admin);
    const list = (await client(t, auth).get('/api/v1/oversight-grants').expect(200)).body.items;
    assert.ok(list.some((g: Json) => g.userId === board.id && g.allPartnerships === true));
    expectProblem(await client(t, auth).post('/api/v1/oversight-grants').send({ userId: admin, allPartnerships: true }), 409);
    expectProblem(await client(t, auth).post('/api/v1/oversight-grants').send({ userId: board.id }), 400);
    expectProblem(
      await client(t, auth)
        .post('/api/v1/oversight-grants')
        .send({ userId: board.id, allPartnerships: true, partnershipIds: [admin] }),
      400,
    );
    const gone = await createUser(t);
    await client(t, auth).post('/api/v1/oversight-grants').send({ userId: gone.id, allPartnerships: true }).expect(201);
    const goneAuth = await tokenNow(t, gone.id);
    await client(t, goneAuth).get(`/api/v1/oversight/figures?${Q1}`).expect(200);
    await client(t, auth).delete(`/api/v1/oversight-grants/${gone.id}`).expect(204);
    expectProblem(await client(t, goneAuth).get(`/api/v1/oversight/figures?${Q1}`), 403);
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_events WHERE target_id = $1 ORDER BY seq`, [gone.id]);
    assert.deepEqual(
      audit.map((a) => a.action).filter((a) => a.startsWith('oversight.')),
      ['oversight.granted', 'oversight.revoked'],
    );
    // Platform admins see the view too (every partnership).
    assert.equal((await client(t, auth).get(`/api/v1/oversight/figures?${Q1}`).expect(200)).body.partnerships.length, 19);
  });
});
