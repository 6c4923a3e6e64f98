import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, firstOf, type TestApp } from '@app/testing';
import { platformAdmin } from './support/identity';
import { expectProblem } from './support/problem-details';

describe('partnerships and agencies', () => {
  let t: TestApp;
  let http: ReturnType<typeof authorised>;
  beforeAll(async () => {
    t = await createTestApp();
    http = authorised(t, (await platformAdmin(t)).auth);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the 19 Welsh partnerships in name order across pages', async () => {
    const first = await http.get('/api/v1/partnerships?limit=10').expect(200);
    assert.equal(first.body.items.length, 10);
    assert.equal(typeof first.body.nextCursor, 'string');
    const second = await http.get(`/api/v1/partnerships?limit=10&cursor=${first.body.nextCursor}`).expect(200);
    assert.equal(second.body.items.length, 9);
    assert.equal(second.body.nextCursor, null);
    const names = [...first.body.items, ...second.body.items].map((p: { name: string }) => p.name);
    assert.deepEqual(names, [...names].sort());
    const codes = [...first.body.items, ...second.body.items].map((p: { code: string }) => p.code);
    assert.ok(codes.includes('cwm-taf') && codes.includes('gwynedd-anglesey') && codes.includes('conwy-denbighshire'));
    assert.ok(!codes.includes('merthyr-tydfil'), 'merged councils do not form partnerships of their own');
  });

  it('gets a partnership by code or UUID, with its settings and an ETag', async () => {
    const byCode = await http.get('/api/v1/partnerships/cardiff').expect(200);
    assert.equal(byCode.body.name, 'Cardiff Community Safety Partnership');
    assert.equal(byCode.body.referencePrefix, 'CDF');
    assert.equal(byCode.body.policeForce, 'South Wales Police');
    assert.equal(byCode.body.reviewIntervalMonths, 3);
    assert.deepEqual(byCode.body.controlStrategyStrands, ['intelligence', 'prevention', 'enforcement', 'reassurance']);
    assert.ok(byCode.headers.etag);
    const byId = await http.get(`/api/v1/partnerships/${byCode.body.id}`).expect(200);
    assert.equal(byId.body.code, 'cardiff');
  });

  it('answers 404 problem+json for an unknown partnership, by code or UUID', async () => {
    expectProblem(await http.get('/api/v1/partnerships/atlantis'), 404, 'not-found');
    expectProblem(await http.get('/api/v1/partnerships/01900000-0000-7000-8000-000000000000/agencies'), 404, 'not-found');
  });

  it('lists the seeded agencies of a merged partnership', async () => {
    const res = await http.get('/api/v1/partnerships/cwm-taf/agencies?limit=100').expect(200);
    const byKind = (kind: string) => res.body.items.filter((a: { kind: string }) => a.kind === kind).map((a: { name: string }) => a.name);
    assert.deepEqual(byKind('local_authority').sort(), ['Merthyr Tydfil County Borough Council', 'Rhondda Cynon Taf County Borough Council']);
    assert.deepEqual(byKind('police'), ['South Wales Police']);
    assert.deepEqual(byKind('fire_and_rescue'), ['South Wales Fire and Rescue Service']);
    assert.deepEqual(byKind('health'), ['Cwm Taf Morgannwg University Health Board']);
    assert.deepEqual(byKind('probation'), ['Probation Service (Wales)']);
    const filtered = await http.get('/api/v1/partnerships/cwm-taf/agencies?kind=police').expect(200);
    assert.equal(filtered.body.items.length, 1);
  });

  it('creates an agency, stores it in the partnership, and refuses a duplicate name with 409', async () => {
    const created = await http.post('/api/v1/partnerships/newport/agencies').send({ name: "  Newport   Women's Aid ", kind: 'third_sector' }).expect(201);
    assert.equal(created.body.name, "Newport Women's Aid");
    assert.equal(created.body.kind, 'third_sector');
    const stored = await t.db.query<{ name: string; code: string }>(
      'SELECT a.name, p.code FROM agencies a JOIN partnerships p ON p.id = a.partnership_id WHERE a.id = $1',
      [created.body.id],
    );
    assert.deepEqual(stored, [{ name: "Newport Women's Aid", code: 'newport' }]);
    expectProblem(await http.post('/api/v1/partnerships/newport/agencies').send({ name: "newport women's aid", kind: 'other' }), 409, 'agency-exists');
    // The same name in another partnership is fine.
    await http.post('/api/v1/partnerships/torfaen/agencies').send({ name: "Newport Women's Aid", kind: 'third_sector' }).expect(201);
  });

  it('rejects invalid agencies with 400 and field errors, storing nothing', async () => {
    const before = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM agencies');
    const res = await http.post('/api/v1/partnerships/newport/agencies').send({ name: 'x', kind: 'army', colour: 'red' });
    const body = expectProblem(res, 400, 'validation');
    const errors = body.errors as { path: string; message: string }[];
    assert.ok(errors.some((e) => e.path === 'name'));
    assert.ok(errors.some((e) => e.path === 'kind'));
    assert.ok(errors.some((e) => e.path === 'colour' && e.message === 'unknown field'));
    const afterCount = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM agencies');
    assert.equal(firstOf(afterCount).n, firstOf(before).n);
  });

  it('rejects malformed JSON, a bad cursor and an out-of-range limit with 400', async () => {
    expectProblem(await http.post('/api/v1/partnerships/newport/agencies').set('content-type', 'application/json').send('{"name":'), 400);
    expectProblem(await http.get('/api/v1/partnerships?cursor=not-a-cursor'), 400, 'validation');
    const limit = expectProblem(await http.get('/api/v1/partnerships?limit=101'), 400, 'validation');
    assert.ok((limit.errors as { path: string }[]).some((e) => e.path === 'limit'));
  });

  it('answers 404 problem+json for an unknown route, and a request id on every response', async () => {
    const res = await http.get('/api/v1/nowhere').set('x-request-id', 'trace-abc.123');
    expectProblem(res, 404, 'not-found');
    assert.equal(res.headers['x-request-id'], 'trace-abc.123');
    const generated = await http.get('/api/v1/partnerships?limit=1');
    assert.match(String(generated.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await http
      .post('/api/v1/partnerships/newport/agencies')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(t.config.api.bodyLimitBytes + 10), kind: 'other' }));
    expectProblem(res, 413);
  });

  it('sends security headers and serves the OpenAPI document', async () => {
    const res = await http.get('/docs/openapi.json').expect(200);
    assert.ok(res.body.paths['/api/v1/partnerships/{partnershipId}/agencies'].post);
    assert.ok(res.body.paths['/health/ready'].get);
    // helmet's headers, on a document, an API answer and an error alike.
    const answers = [res, await t.http.get('/api/v1/partnerships').expect(401), await t.http.get('/api/v1/no-such-route').expect(404)];
    for (const answer of answers) {
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.headers['x-frame-options'], 'SAMEORIGIN');
      assert.equal(answer.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      assert.equal(answer.headers['referrer-policy'], 'no-referrer');
      assert.equal(answer.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(answer.headers['x-powered-by'], undefined);
      const csp = String(answer.headers['content-security-policy']);
      for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "object-src 'none'"])
        assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
  });
});

/** supertest with a platform admin's token on every request. */
function authorised(t: TestApp, auth: string) {
  const wrap = (method: 'get' | 'post' | 'patch' | 'delete') => (url: string) => t.http[method](url).set('authorization', auth);
  return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete') };
}
