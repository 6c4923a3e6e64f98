import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { apiKey, member, platformAdmin } from './support/identity';
import { intakeOf } from './support/intake';
import { waitUntil } from './support/wait';
import { client, type Json } from './support/http';
import { expectProblem } from './support/problem-details';

const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const FORCE = 'South Wales Police,South Wales Police';
const FILE =
  [
    HEADER,
    `,2025-07,${FORCE},-3.169800,51.468600,On or near Loudoun Square,W01001700,Cardiff 032E,Anti-social behaviour,,`,
    `upload-1,2025-07,${FORCE},-3.170100,51.469000,On or near Bute Street,W01001701,Cardiff 033A,Burglary,Under investigation,`,
    `upload-2,2025-07,${FORCE},-2.998000,51.588000,On or near Commercial Street,W01001600,Newport 012A,Vehicle crime,Under investigation,`,
  ].join('\n') + '\n';
/** The largest file these tests' API takes (IMPORT_MAX_BYTES). */
const MAX_BYTES = 4096;

describe('incident file uploads: text/csv or multipart/form-data', () => {
  let t: TestApp;
  let worker: TestWorker;
  let key: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { IMPORT_MAX_BYTES: String(MAX_BYTES) } });
    worker = await createTestWorker({ environment: t });
    const admin = await member(t, 'cardiff', 'admin');
    key = (await apiKey(t, 'cardiff', admin.auth, ['incidents:write', 'incidents:read'])).key;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const importsOf = () => `${intakeOf('cardiff')}/incident-imports`;
  const held = async () =>
    firstOf(await t.db.query<{ n: number }>('SELECT (SELECT count(*) FROM incidents)::int + (SELECT count(*) FROM incident_imports)::int AS n')).n;

  it('imports a file sent as the "file" part of a form, like the same file as the body', async () => {
    const res = await client(t, key)
      .post(`${importsOf()}?format=police-uk-street`)
      .attach('file', Buffer.from(FILE), { filename: 'street.csv', contentType: 'text/csv' });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const done = await waitUntil(async () => {
      const r = await client(t, key).get(`${importsOf()}/${res.body.id}`);
      return ['completed', 'failed'].includes(r.body.state) ? r.body : null;
    }, 'the uploaded import');
    assert.equal(done.state, 'completed', JSON.stringify(done));
    assert.deepEqual(done.counts, { read: 3, added: 2, alreadyHeld: 0, outsideArea: 1, rejected: 0 });
    const { n } = firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE import_id = $1`, [res.body.id]));
    assert.equal(n, 2);
    // The same file as a text/csv body is the same file: nothing more.
    const again = await client(t, key).post(importsOf()).set('content-type', 'text/csv').send(FILE);
    assert.equal(again.status, 202);
    const second = await waitUntil(async () => {
      const r = await client(t, key).get(`${importsOf()}/${again.body.id}`);
      return r.body.state === 'completed' ? r.body : null;
    }, 'the same file again');
    assert.equal(second.counts.added, 0);
    assert.equal(second.counts.alreadyHeld, 2);
  });

  it('routes a form upload at platform level too', async () => {
    const admin = await platformAdmin(t);
    const res = await t.http
      .post('/api/v1/incident-imports')
      .set('authorization', admin.auth)
      // Records of its own (another month, other crime ids): a record the first test also holds would count as changed there.
      .attach('file', Buffer.from(FILE.replaceAll('2025-07', '2025-06').replaceAll('upload-', 'routed-')), 'street.csv');
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.items.length, 2);
    for (const item of res.body.items as Json[]) {
      const done = await waitUntil(async () => {
        const r = await t.http.get(`/api/v1/partnerships/${item.partnershipId}/incident-imports/${item.id}`).set('authorization', admin.auth);
        return ['completed', 'failed'].includes(r.body.state) ? r.body : null;
      }, 'a routed form upload');
      assert.equal(done.state, 'completed', JSON.stringify(done));
    }
  });

  it('refuses a form without exactly one "file" part (400), a malformed file in a form (400 naming the line), and keeps nothing', async () => {
    const before = await held();
    expectProblem(await client(t, key).post(importsOf()).attach('upload', Buffer.from(FILE), 'street.csv'), 400);
    expectProblem(await client(t, key).post(importsOf()).field('format', 'generic').attach('file', Buffer.from(FILE), 'street.csv'), 400);
    const two = await client(t, key).post(importsOf()).attach('file', Buffer.from(FILE), 'a.csv').attach('file', Buffer.from(FILE), 'b.csv');
    expectProblem(two, 400);
    assert.match(two.body.errors[0].message, /one part/);
    const bad = await client(t, key)
      .post(importsOf())
      .attach('file', Buffer.from(FILE.replace(',2025-07,', ',July,')), 'street.csv');
    expectProblem(bad, 400);
    assert.equal(bad.body.errors[0].line, 2);
    assert.equal(bad.body.errors[0].column, 'Month');
    assert.equal(await held(), before);
  });

  it('refuses a file larger than IMPORT_MAX_BYTES with 413, as a form part or as the body, keeping nothing', async () => {
    const before = await held();
    const rows = Array.from(
      { length: 60 },
      (_, i) => `big-${i},2025-05,${FORCE},-3.169800,51.468600,On or near Loudoun Square,W01001700,Cardiff 032E,Burglary,,`,
    );
    const big = [HEADER, ...rows].join('\n') + '\n';
    assert.ok(big.length > MAX_BYTES);
    expectProblem(await client(t, key).post(importsOf()).attach('file', Buffer.from(big), 'big.csv'), 413);
    expectProblem(await client(t, key).post(importsOf()).set('content-type', 'text/csv').send(big), 413);
    assert.equal(await held(), before);
  });

  it('answers 415 to another media type on the import route, and to a form on a JSON route', async () => {
    expectProblem(await client(t, key).post(importsOf()).send({ file: FILE }), 415);
    expectProblem(await client(t, key).post(importsOf()).set('content-type', 'application/xml').send('<file/>'), 415);
    const form = await client(t, key)
      .post(`${intakeOf('cardiff')}/incidents`)
      .attach('file', Buffer.from(FILE), 'street.csv');
    expectProblem(form, 415);
  });
});
