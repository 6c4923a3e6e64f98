import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, firstOf, nth, type TestApp } from '@app/testing';
import { member, partnershipId } from './support/identity';
import { expectProblem } from './support/problem-details';
import { createProblem, problemBody, problemsOf } from './support/problems';
import { client } from './support/http';
import { count } from './support/database';

const CARDIFF = problemsOf('cardiff');

/**
 * Human references are numbered per partnership without gaps or duplicates,
 * even under concurrent creation and when a creation fails after taking its
 * number (the counter row is updated inside the creating transaction, so a
 * rollback gives the number back).
 */
describe('problem references', () => {
  let t: TestApp;
  let analyst: string;
  let cardiff: string;

  const numbers = async (pid: string) =>
    await t.db.query<{ number: number; reference: string }>('SELECT number, reference FROM problems WHERE partnership_id = $1 ORDER BY number', [pid]);

  beforeAll(async () => {
    // A pool as large as the burst, so the creations really overlap in the database.
    t = await createTestApp({ poolSize: 24 });
    analyst = (await member(t, 'cardiff', 'analyst')).auth;
    cardiff = await partnershipId(t, 'cardiff');
    // A fault after the number is taken: an insert of this title fails inside the creating transaction.
    await t.db.query(`
      CREATE FUNCTION fail_problem_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.title = 'Fault injected after numbering' THEN RAISE EXCEPTION 'injected fault'; END IF;
        RETURN NEW;
      END $$`);
    await t.db.query(`CREATE TRIGGER fail_problem_insert BEFORE INSERT ON problems FOR EACH ROW EXECUTE FUNCTION fail_problem_insert()`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('numbers 20 concurrent creations 1..20, with a failed creation among them leaving no gap', async () => {
    const create = (i: number) =>
      client(t, analyst)
        .post(CARDIFF)
        .send(problemBody({ title: `Concurrent problem ${i}` }));
    const failing = () =>
      client(t, analyst)
        .post(CARDIFF)
        .send(problemBody({ title: 'Fault injected after numbering' }));
    const refused = () =>
      client(t, analyst)
        .post(CARDIFF)
        .send(problemBody({ category: 'not-a-category' }));
    const results = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => create(i + 1)),
      failing(),
      refused(),
      ...Array.from({ length: 10 }, (_, i) => create(i + 11)),
    ]);
    const statuses = results.map((r) => r.status);
    assert.deepEqual(statuses.filter((s) => s === 201).length, 20, JSON.stringify(statuses));
    expectProblem(nth(results, 10), 500);
    expectProblem(nth(results, 11), 422, 'unknown-category');

    const rows = await numbers(cardiff);
    assert.deepEqual(
      rows.map((r) => r.number),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    assert.deepEqual(
      rows.map((r) => r.reference),
      Array.from({ length: 20 }, (_, i) => `CDF-P-${String(i + 1).padStart(4, '0')}`),
    );
    const answered = results.filter((r) => r.status === 201).map((r) => r.body.reference as string);
    assert.equal(new Set(answered).size, 20, 'each creation answered with its own reference');
    assert.deepEqual(new Set(answered), new Set(rows.map((r) => r.reference)));
    const counter = firstOf(
      await t.db.query<{ last_number: number }>('SELECT last_number FROM problem_reference_counters WHERE partnership_id = $1', [cardiff]),
    );
    assert.equal(counter.last_number, 20);
    // Exactly one creation event per problem created; none for the failures.
    assert.equal(await count(t, `outbox_events WHERE type = 'problem.created' AND partnership_id = $1`, [cardiff]), 20);
    assert.equal(await count(t, `audit_events WHERE action = 'problem.created' AND partnership_id = $1`, [cardiff]), 20);
  });

  it('gives the number of a failed creation to the next one', async () => {
    expectProblem(
      await client(t, analyst)
        .post(CARDIFF)
        .send(problemBody({ title: 'Fault injected after numbering' })),
      500,
    );
    const next = await createProblem(t, 'cardiff', analyst);
    assert.equal(next.reference, 'CDF-P-0021');
  });

  it('numbers each partnership on its own, with its own prefix', async () => {
    const newport = await createProblem(t, 'newport', (await member(t, 'newport', 'analyst')).auth);
    assert.equal(newport.reference, 'NWP-P-0001');
    const cwmTaf = await createProblem(t, 'cwm-taf', (await member(t, 'cwm-taf', 'chair')).auth);
    assert.equal(cwmTaf.reference, 'CWT-P-0001');
    // References are unique per partnership in the database too.
    await assert.rejects(
      t.db.query(`UPDATE problems SET number = 1, reference = 'CDF-P-0001' WHERE partnership_id = $1 AND number = 2`, [cardiff]),
      /uq_problems_partnership_(number|reference)/,
    );
  });
});
