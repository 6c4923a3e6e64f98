import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import {
  createTestApp,
  createTestEnvironment,
  createTestWorker,
  firstOf,
  nth,
  onlyOf,
  releaseEnvironment,
  StatementCounter,
  type TestApp,
  type TestEnvironment,
  type TestWorker,
} from '@app/testing';
import { auditSealer, closeAuditSealer, sealAudit } from './support/audit';
import { member, partnershipId } from './support/identity';
import { createProblem, problemsOf } from './support/problems';
import { waitUntil } from './support/wait';
import { type Json } from './support/http';
import { createAgenciesAtOnce } from './support/partnerships';

type Caller = Awaited<ReturnType<typeof member>>;

const trail = (code: string) => `/api/v1/partnerships/${code}/audit-events`;

/** `n` audited changes in a partnership (agencies created through the API). */
async function appendRows(t: TestApp, code: string, admin: Caller, n: number, label = 'Sealed'): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.http
      .post(`/api/v1/partnerships/${code}/agencies`)
      .set('authorization', admin.auth)
      .send({ name: `${label} ${code} ${i}`, kind: 'other' })
      .expect(201);
  }
}

async function verifyChain(t: TestApp, code: string, admin: Caller, query = ''): Promise<Json> {
  return (
    await t.http
      .get(`${trail(code)}/verify${query}`)
      .set('authorization', admin.auth)
      .expect(200)
  ).body;
}

describe('audit sealing', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await closeAuditSealer(t);
    await t?.close();
  });

  it('appends an audit row with one INSERT: no lock and no read of the row before', async () => {
    const analyst = await member(t, 'cardiff', 'analyst');
    const problem = await createProblem(t, 'cardiff', analyst.auth);
    const counter = StatementCounter.attach(t.app);
    const sent = await counter.during(() =>
      t.http
        .get(`${problemsOf('cardiff')}/${problem.id}`)
        .set('authorization', analyst.auth)
        .expect(200),
    );
    const audit = sent.texts.filter((s) => /audit_events|advisory/i.test(s));
    assert.equal(audit.length, 1, audit.join('\n'));
    assert.match(firstOf(audit), /^INSERT INTO audit_events/);
    const [row] = await t.db.query<{ hash: string | null; chain_position: string | null; action: string }>(
      `SELECT hash, chain_position, action FROM audit_events WHERE target_id = $1 AND action = 'problem.read' ORDER BY seq DESC LIMIT 1`,
      [problem.id],
    );
    assert.deepEqual(row, { hash: null, chain_position: null, action: 'problem.read' });
  });

  it('seals rows in order, in batches, each ending in a signed checkpoint that can be exported and checked outside', async () => {
    const admin = await member(t, 'powys', 'admin');
    await appendRows(t, 'powys', admin, 7);
    await sealAudit(t, 3);
    const pid = await partnershipId(t, 'powys');
    const rows = await t.db.query<{ chain_position: string; name: string }>(
      `SELECT chain_position, details->>'name' AS name FROM audit_events WHERE partnership_id = $1 ORDER BY chain_position`,
      [pid],
    );
    assert.deepEqual(
      rows.map((r) => r.chain_position),
      ['1', '2', '3', '4', '5', '6', '7'],
    );
    assert.deepEqual(
      rows.map((r) => r.name),
      [0, 1, 2, 3, 4, 5, 6].map((i) => `Sealed powys ${i}`),
      'sealed in the order appended',
    );

    const page = (
      await t.http
        .get(`${trail('powys')}/checkpoints`)
        .set('authorization', admin.auth)
        .expect(200)
    ).body;
    assert.deepEqual(
      page.items.map((c: Json) => [c.firstPosition, c.lastPosition]),
      [
        [7, 7],
        [4, 6],
        [1, 3],
      ],
    );
    assert.equal(page.algorithm, 'Ed25519');
    const key = createPublicKey(page.publicKey);
    for (const c of page.items) {
      assert.ok(verify(null, Buffer.from(c.payload), key, Buffer.from(c.signature, 'base64url')), 'the signature checks with the published key');
      assert.deepEqual(JSON.parse(c.payload), {
        keyId: page.keyId,
        lastPosition: String(c.lastPosition),
        partnershipId: pid,
        rootHash: c.rootHash,
        signedAt: c.signedAt,
      });
    }
    const firstTwo = (
      await t.http
        .get(`${trail('powys')}/checkpoints?limit=2`)
        .set('authorization', admin.auth)
        .expect(200)
    ).body;
    const rest = (
      await t.http
        .get(`${trail('powys')}/checkpoints?limit=2&cursor=${firstTwo.nextCursor}`)
        .set('authorization', admin.auth)
        .expect(200)
    ).body;
    assert.deepEqual(
      rest.items.map((c: Json) => c.lastPosition),
      [3],
    );

    const report = await verifyChain(t, 'powys', admin, `?checkpointPosition=7&checkpointHash=${page.items[0].rootHash}`);
    assert.equal(report.intact, true);
    assert.deepEqual([report.checkedRows, report.lastSeq, report.checkpoints.checked, report.checkpoints.lastPosition], [7, 7, 3, 7]);
    assert.deepEqual(report.exported, { lastPosition: 7, rootHash: page.items[0].rootHash, matches: true, reason: null });
    assert.deepEqual(report.unsealed, { rows: 0, oldestOccurredAt: null, oldestAgeSeconds: null });
  });

  it('reports the rows not sealed yet and how long they have waited', async () => {
    const admin = await member(t, 'wrexham', 'admin');
    await appendRows(t, 'wrexham', admin, 2);
    const appendedAt = t.clock.now().toISOString();
    t.clock.advance(45_000);
    try {
      const waiting = await verifyChain(t, 'wrexham', admin);
      assert.equal(waiting.intact, true);
      assert.deepEqual(waiting.unsealed, { rows: 2, oldestOccurredAt: appendedAt, oldestAgeSeconds: 45 });
      await sealAudit(t);
      assert.equal((await verifyChain(t, 'wrexham', admin)).unsealed.rows, 0);
    } finally {
      t.clock.advance(-45_000);
    }
  });

  it('detects a row altered, a row deleted in the middle, a checkpoint forged, and rows cut off the end', async () => {
    const admin = await member(t, 'flintshire', 'admin');
    await appendRows(t, 'flintshire', admin, 6);
    await sealAudit(t, 2);
    const pid = await partnershipId(t, 'flintshire');
    const exported = (
      await t.http
        .get(`${trail('flintshire')}/checkpoints`)
        .set('authorization', admin.auth)
        .expect(200)
    ).body.items[0];
    assert.equal(exported.lastPosition, 6);
    const at = async (position: number) =>
      onlyOf(
        await t.db.query<{ id: string; details: Json }>(`SELECT id, details FROM audit_events WHERE partnership_id = $1 AND chain_position = $2`, [
          pid,
          position,
        ]),
      );

    // Altered (then put back).
    const victim = await at(3);
    await t.db.query(`UPDATE audit_events SET details = details || '{"name": "Innocent"}' WHERE id = $1`, [victim.id]);
    const altered = await verifyChain(t, 'flintshire', admin);
    assert.equal(altered.intact, false);
    assert.deepEqual(altered.firstBroken, { id: victim.id, seq: 3, reason: 'hash-mismatch' });
    await t.db.query(`UPDATE audit_events SET details = $2 WHERE id = $1`, [victim.id, JSON.stringify(victim.details)]);
    assert.equal((await verifyChain(t, 'flintshire', admin)).intact, true);

    // A forged checkpoint: the signature no longer covers what it says.
    const forged = firstOf(
      await t.db.query<{ id: string; root_hash: string }>(`SELECT id, root_hash FROM audit_checkpoints WHERE partnership_id = $1 AND last_position = 4`, [pid]),
    );
    await t.db.query(`UPDATE audit_checkpoints SET root_hash = $2 WHERE id = $1`, [forged.id, 'f'.repeat(64)]);
    assert.deepEqual((await verifyChain(t, 'flintshire', admin)).checkpoints.firstInvalid, { lastPosition: 4, reason: 'signature-invalid' });
    await t.db.query(`UPDATE audit_checkpoints SET root_hash = $2 WHERE id = $1`, [forged.id, forged.root_hash]);

    // Cut off the end: the newest checkpoint still vouches for the rows.
    const five = await at(5);
    const six = await at(6);
    const saved = await t.db.query(`SELECT * FROM audit_events WHERE id = ANY($1::uuid[])`, [[five.id, six.id]]);
    await t.db.query(`DELETE FROM audit_events WHERE id = ANY($1::uuid[])`, [[five.id, six.id]]);
    const cut = await verifyChain(t, 'flintshire', admin);
    assert.equal(cut.intact, false);
    assert.equal(cut.firstBroken, null);
    assert.deepEqual([cut.lastSeq, cut.checkpoints.firstInvalid], [4, { lastPosition: 6, reason: 'rows-missing' }]);
    // ... and with the newest checkpoint gone as well, only the exported copy shows it.
    const [newest] = await t.db.query(`SELECT * FROM audit_checkpoints WHERE partnership_id = $1 AND last_position = 6`, [pid]);
    await t.db.query(`DELETE FROM audit_checkpoints WHERE partnership_id = $1 AND last_position = 6`, [pid]);
    assert.equal((await verifyChain(t, 'flintshire', admin)).intact, true, 'what is left is consistent in itself');
    const truncated = await verifyChain(t, 'flintshire', admin, `?checkpointPosition=6&checkpointHash=${exported.rootHash}`);
    assert.equal(truncated.intact, false);
    assert.deepEqual(truncated.exported, { lastPosition: 6, rootHash: exported.rootHash, matches: false, reason: 'rows-missing' });
    // Put back, the chain and the export agree again.
    for (const r of saved as Json[]) {
      const columns = Object.keys(r);
      await t.db.query(
        `INSERT INTO audit_events (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
        columns.map((c) => (c === 'details' ? JSON.stringify(r[c]) : r[c])),
      );
    }
    const cols = Object.keys(newest as Json);
    await t.db.query(
      `INSERT INTO audit_checkpoints (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => (newest as Json)[c]),
    );
    assert.equal((await verifyChain(t, 'flintshire', admin, `?checkpointPosition=6&checkpointHash=${exported.rootHash}`)).intact, true);

    // Deleted in the middle: the chain breaks at the row after it.
    const gone = await at(2);
    const next = await at(3);
    await t.db.query(`DELETE FROM audit_events WHERE id = $1`, [gone.id]);
    const removed = await verifyChain(t, 'flintshire', admin);
    assert.equal(removed.intact, false);
    assert.deepEqual(removed.firstBroken, { id: next.id, seq: 3, reason: 'sequence-gap' });
    assert.deepEqual(removed.checkpoints.firstInvalid, { lastPosition: 2, reason: 'rows-missing' });
  });

  it('leaves a batch unsealed when the sealer dies before committing, and the next sealer seals it', async () => {
    const admin = await member(t, 'newport', 'admin');
    await appendRows(t, 'newport', admin, 3);
    const pid = await partnershipId(t, 'newport');
    const { ds, sealer } = await auditSealer(t);
    await assert.rejects(
      ds.transaction(async (m) => {
        const result = await sealer.sealChain(m, pid, 100);
        assert.equal(result.sealed, 3);
        throw new Error('the worker died here');
      }),
      /the worker died here/,
    );
    const waiting = await verifyChain(t, 'newport', admin);
    assert.deepEqual([waiting.checkedRows, waiting.unsealed.rows, waiting.checkpoints.checked], [0, 3, 0]);
    await sealAudit(t);
    const sealed = await verifyChain(t, 'newport', admin);
    assert.deepEqual([sealed.intact, sealed.checkedRows, sealed.checkpoints.checked, sealed.unsealed.rows], [true, 3, 1, 0]);
  });

  it('keeps audit rows written in the transaction of the work: a refused change leaves none', async () => {
    const admin = await member(t, 'cardiff', 'admin');
    const pid = await partnershipId(t, 'cardiff');
    const count = async () => firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE partnership_id = $1`, [pid])).n;
    await appendRows(t, 'cardiff', admin, 1, 'Once');
    const before = await count();
    await t.http.post('/api/v1/partnerships/cardiff/agencies').set('authorization', admin.auth).send({ name: 'Once cardiff 0', kind: 'other' }).expect(409);
    assert.equal(await count(), before);
  });
});

describe('audit sealing by two workers at once', () => {
  let env: TestEnvironment;
  let t: TestApp;
  const workers: TestWorker[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment({ env: { AUDIT_SEAL_INTERVAL_MS: '50', AUDIT_SEAL_BATCH_SIZE: '3' } });
    t = await createTestApp({ environment: env });
    workers.push(await createTestWorker({ environment: env }), await createTestWorker({ environment: env }));
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    await t?.close();
    if (env) await releaseEnvironment(env);
  });

  it('seals every row exactly once, in one unbroken chain with contiguous checkpoints', async () => {
    const admin = await member(t, 'cardiff', 'admin');
    await createAgenciesAtOnce(t, 'cardiff', admin.auth, 30, 'Two workers');
    const report = await waitUntil(async () => {
      const r = await verifyChain(t, 'cardiff', admin);
      return r.unsealed.rows === 0 && r.checkedRows === 30 ? r : null;
    }, 'both workers to seal every row');
    assert.equal(report.intact, true);
    const pid = await partnershipId(t, 'cardiff');
    const checkpoints = await t.db.query<{ first: number; last: number }>(
      `SELECT first_position::int AS first, last_position::int AS last FROM audit_checkpoints WHERE partnership_id = $1 ORDER BY last_position`,
      [pid],
    );
    assert.ok(checkpoints.length >= 10, 'batches of at most three');
    checkpoints.forEach((c, i) => {
      assert.equal(c.first, i === 0 ? 1 : nth(checkpoints, i - 1).last + 1);
      assert.ok(c.last - c.first < 3);
    });
    assert.equal(nth(checkpoints, -1).last, 30);
    assert.equal(report.checkpoints.checked, checkpoints.length);
  });
});
