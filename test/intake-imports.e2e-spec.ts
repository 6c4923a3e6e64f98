import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestApp, createTestWorker, firstOf, nth, type TestApp, type TestWorker } from '@app/testing';
import { apiKey, member, platformAdmin } from './support/identity';
import { allStrings, intakeOf } from './support/intake';
import { waitUntil } from './support/wait';
import { client, type Json } from './support/http';
import { expectProblem } from './support/problem-details';

const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';
const FORCE = 'South Wales Police,South Wales Police';

/** A data.police.uk street-level file as published: ASB rows without ids, two identical rows, other areas, rows without a location. */
function streetFile(month: string): string {
  return (
    [
      HEADER,
      `,${month},${FORCE},-3.169800,51.468600,On or near Loudoun Square,W01001700,Cardiff 032E,Anti-social behaviour,,`,
      `,${month},${FORCE},-3.169800,51.468600,On or near Loudoun Square,W01001700,Cardiff 032E,Anti-social behaviour,,`,
      `a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9${month.slice(-2)},${month},${FORCE},-3.170100,51.469000,"On or near Bute Street, Butetown",W01001701,Cardiff 033A,Burglary,Investigation complete; no suspect identified,`,
      `ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100${month.slice(-2)},${month},${FORCE},-2.998000,51.588000,On or near Commercial Street,W01001600,Newport 012A,Vehicle crime,Under investigation,`,
      `,${month},Avon and Somerset Constabulary,Avon and Somerset Constabulary,-2.590000,51.454000,On or near Park Street,E01014540,Bristol 032B,Anti-social behaviour,,`,
      `0011223344556677889900112233445566778899001122334455667788990011${month.slice(-2)},${month},${FORCE},,,No Location,,,Other theft,Status update unavailable,`,
      `,${month},${FORCE},-3.171000,51.470000,On or near Loudoun Square,W01001700,Cardiff 032E,Jaywalking,,`,
    ].join('\n') + '\n'
  );
}

describe('incident imports', () => {
  let t: TestApp;
  let worker: TestWorker;
  let analyst: Awaited<ReturnType<typeof member>>;
  let key: string;
  const answers: Json[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    worker = await createTestWorker({ environment: t });
    analyst = await member(t, 'cardiff', 'analyst');
    const admin = await member(t, 'cardiff', 'admin');
    key = (await apiKey(t, 'cardiff', admin.auth, ['incidents:write'])).key;
  });
  afterAll(async () => {
    for (const s of answers.flatMap(allStrings)) assert.ok(!/PERSON-/.test(s), `a subject key appeared in an answer: ${s}`);
    await worker.close();
    await t.close();
  });

  const upload = (body: string, format = 'police-uk-street', credentials = key) =>
    client(t, credentials)
      .post(`${intakeOf('cardiff')}/incident-imports?format=${format}`)
      .set('content-type', 'text/csv')
      .send(body);

  async function finished(id: string): Promise<Json> {
    return waitUntil(async () => {
      const res = await client(t, analyst.auth).get(`${intakeOf('cardiff')}/incident-imports/${id}`);
      answers.push(res.body);
      return ['completed', 'failed'].includes(res.body.state) ? res.body : null;
    }, `import ${id} to finish`);
  }

  const count = async (where = 'TRUE') => firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE ${where}`)).n;

  it('imports a police.uk street-level file in the worker: ASB rows without ids, identical rows, other areas, rows without a location', async () => {
    const res = await upload(streetFile('2025-12'));
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.state, 'queued');
    assert.match(res.headers.location ?? '', /\/incident-imports\//);
    const done = await finished(res.body.id);
    assert.equal(done.state, 'completed', JSON.stringify(done));
    assert.deepEqual(done.counts, { read: 7, added: 4, alreadyHeld: 0, outsideArea: 2, rejected: 1 });
    assert.deepEqual(done.rejections, [{ line: 8, column: 'Crime type', reason: '"Jaywalking" is not a data.police.uk crime type' }]);
    const rows = await t.db.query<{
      external_id: string;
      category: string;
      location_label: string | null;
      location_key: string | null;
      month_only: boolean;
      occurred_month: string;
    }>(
      `SELECT external_id, category, location_label, location_key, month_only, to_char(occurred_month, 'YYYY-MM') AS occurred_month FROM incidents WHERE import_id = $1 ORDER BY external_id`,
      [res.body.id],
    );
    assert.equal(rows.length, 4);
    const asb = rows.filter((r) => r.category === 'anti-social-behaviour');
    assert.equal(asb.length, 2, 'two identical rows are two incidents');
    assert.notEqual(firstOf(asb).external_id, nth(asb, 1).external_id);
    assert.ok(rows.every((r) => r.month_only && r.occurred_month === '2025-12'));
    const noLocation = rows.find((r) => r.category === 'other-theft')!;
    assert.equal(noLocation.location_label, null);
    assert.equal(noLocation.location_key, null);
    assert.equal(rows.find((r) => r.category === 'burglary')!.location_label, 'On or near Bute Street, Butetown');
    const event = firstOf(
      await t.db.query<{ data: Json }>(`SELECT data FROM outbox_events WHERE type = 'incident_import.completed' AND subject_id = $1`, [res.body.id]),
    );
    assert.equal(event.data.counts.added, 4);
    // The same file again adds nothing.
    const again = await upload(streetFile('2025-12'));
    const second = await finished(again.body.id);
    assert.deepEqual(second.counts, { read: 7, added: 0, alreadyHeld: 4, outsideArea: 2, rejected: 1 });
    const listed = await client(t, analyst.auth).get(`${intakeOf('cardiff')}/incidents?sourceSystem=police.uk&from=2025-12&to=2025-12`);
    assert.equal(listed.body.items.length, 4);
  });

  it('refuses a malformed file, a missing column or a wrong type with 400 naming the line and column, adding nothing', async () => {
    const before = await count();
    const imports = firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_imports')).n;
    const good = streetFile('2025-11').split('\n');
    const wrongMonth = [...good];
    wrongMonth[3] = nth(wrongMonth, 3).replace(',2025-11,', ',2025/11,');
    const res = await upload(wrongMonth.join('\n'));
    expectProblem(res, 400);
    assert.equal(res.body.errors[0].line, 4);
    assert.equal(res.body.errors[0].column, 'Month');
    const missing = good.map((line) => line.split(',').slice(0, 11).join(','));
    const noContext = await upload(missing.join('\n'));
    assert.equal(noContext.status, 400);
    assert.equal(noContext.body.errors[0].line, 1);
    assert.equal(noContext.body.errors[0].column, 'Context');
    const ragged = [...good];
    ragged[5] = `${ragged[5]},extra`;
    const tooMany = await upload(ragged.join('\n'));
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.body.errors[0].line, 6);
    const quote = [...good];
    quote[2] = nth(quote, 2).replace('On or near', '"On or near');
    assert.equal((await upload(quote.join('\n'))).status, 400);
    const lat = [...good];
    lat[2] = nth(lat, 2).replace('51.468600', 'north');
    const badLat = await upload(lat.join('\n'));
    assert.equal(badLat.body.errors[0].column, 'Latitude');
    assert.equal((await upload('')).status, 400);
    assert.equal(await count(), before);
    assert.equal(firstOf(await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_imports')).n, imports);
    const json = await client(t, key)
      .post(`${intakeOf('cardiff')}/incident-imports`)
      .send({ file: 'x' });
    assert.equal(json.status, 415);
  });

  it('imports the generic incident CSV, with pseudonymous subject keys stored only as hashes', async () => {
    const file = [
      'source_system,external_id,category,occurred,lsoa_code,ward_code,location_label,lat,lng,uprn,outcome,hate_incident,victim_key,offender_key,caller_key',
      'council-asb,ASB-1,asb-nuisance,2026-01-03T19:30:00Z,W01001730,W05000868,Rear of Bute Terrace,51.47,-3.17,,Warning letter,false,PERSON-A,,',
      'council-asb,ASB-2,asb-personal,2026-01,W01001730,,Rear of Bute Terrace,,,,,true,PERSON-A;PERSON-B,PERSON-C,',
      'fire-irs,F-1,deliberate-secondary-fire,2026-01-04T01:00:00+00:00,,,,,,10023456789,,,,,',
    ].join('\n');
    const res = await upload(file, 'generic');
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const done = await finished(res.body.id);
    assert.deepEqual(done.counts, { read: 3, added: 3, alreadyHeld: 0, outsideArea: 0, rejected: 0 });
    const subjects = await t.db.query<{ role: string }>(
      `SELECT s.role FROM incident_subjects s JOIN incidents i ON i.id = s.incident_id WHERE i.import_id = $1 ORDER BY s.role`,
      [res.body.id],
    );
    assert.deepEqual(
      subjects.map((s) => s.role),
      ['offender', 'victim', 'victim', 'victim'],
    );
    const hate = firstOf(await t.db.query<{ hate_incident: boolean }>(`SELECT hate_incident FROM incidents WHERE external_id = 'ASB-2'`));
    assert.equal(hate.hate_incident, true);
    const bad = await upload(file.replace('2026-01-03T19:30:00Z', 'yesterday'), 'generic');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.errors[0].column, 'occurred');
    assert.equal(bad.body.errors[0].line, 2);
  });

  it('updates a changed record with its revision and new subjects, and counts a record the file repeats once', async () => {
    const header = 'source_system,external_id,category,occurred,lsoa_code,location_label,outcome,victim_key,offender_key';
    const first = [
      header,
      'council-asb,REV-1,asb-nuisance,2026-01-05T19:30:00Z,W01001730,Rear of Bute Terrace,,PERSON-R,',
      'council-asb,REV-2,asb-nuisance,2026-01,W01001730,Rear of Bute Terrace,,,',
    ].join('\n');
    const done = await finished((await upload(first, 'generic')).body.id);
    assert.deepEqual(done.counts, { read: 2, added: 2, alreadyHeld: 0, outsideArea: 0, rejected: 0 });
    const changed = [
      header,
      'council-asb,REV-1,asb-nuisance,2026-01-05T19:30:00Z,W01001730,Rear of Bute Terrace,Warning letter,PERSON-R,PERSON-S',
      'council-asb,REV-2,asb-nuisance,2026-01,W01001730,Rear of Bute Terrace,,,',
      'council-asb,REV-3,fly-tipping,2026-01,W01001730,Rear of Bute Terrace,,,',
      'council-asb,REV-3,fly-tipping,2026-01,W01001730,Rear of Bute Terrace,Cleared,,',
    ].join('\n');
    const second = await finished((await upload(changed, 'generic')).body.id);
    assert.deepEqual(second.counts, { read: 4, added: 2, alreadyHeld: 2, outsideArea: 0, rejected: 0 });
    const rows = await t.db.query<{ external_id: string; version: number; outcome: string | null; revisions: number; subjects: string }>(
      `SELECT i.external_id, i.version, i.outcome, (SELECT count(*)::int FROM incident_revisions r WHERE r.incident_id = i.id) AS revisions,
              (SELECT string_agg(s.role, ',' ORDER BY s.role) FROM incident_subjects s WHERE s.incident_id = i.id) AS subjects
         FROM incidents i WHERE i.external_id LIKE 'REV-%' ORDER BY i.external_id`,
    );
    assert.deepEqual(rows, [
      { external_id: 'REV-1', version: 2, outcome: 'Warning letter', revisions: 1, subjects: 'offender,victim' },
      { external_id: 'REV-2', version: 1, outcome: null, revisions: 0, subjects: null },
      // The first row of a record the file repeats is the one kept.
      { external_id: 'REV-3', version: 1, outcome: null, revisions: 0, subjects: null },
    ]);
  });

  it('fails a file that turns out malformed in the worker, adding none of the rows before the fault', async () => {
    await worker.close();
    const res = await upload(streetFile('2025-08'));
    assert.equal(res.status, 202);
    // The stored file is changed before the worker reads it: the fault is found after rows were already copied.
    const lines = streetFile('2025-08').trimEnd().split('\n');
    lines.push(nth(lines, 1).replace(',2025-08,', ',August,'));
    await writeFile(join(t.config.intake.uploadsDir, `${res.body.id}.csv`), lines.join('\n') + '\n');
    const before = await count();
    worker = await createTestWorker({ environment: t });
    const done = await finished(res.body.id);
    assert.equal(done.state, 'failed');
    assert.deepEqual(done.rejections, [{ line: 9, column: 'Month', reason: '"August" is not a month (YYYY-MM)' }]);
    assert.equal(await count(), before);
    assert.equal(await count(`import_id = '${res.body.id}'`), 0);
  });

  it("routes a force-wide file imported at platform level to each partnership whose council holds the row's LSOA", async () => {
    const admin = await platformAdmin(t);
    const file = [
      HEADER,
      `,2025-09,${FORCE},-3.169800,51.468600,On or near Loudoun Square,W01001700,Cardiff 032E,Anti-social behaviour,,`,
      `routed-newport-1,2025-09,${FORCE},-2.998000,51.588000,On or near Commercial Street,W01001600,Newport 012A,Vehicle crime,Under investigation,`,
      `routed-rct-1,2025-09,${FORCE},-3.376000,51.601000,On or near Taff Street,W01001100,Rhondda Cynon Taf 027F,Burglary,Under investigation,`,
      `,2025-09,Avon and Somerset Constabulary,Avon and Somerset Constabulary,-2.590000,51.454000,On or near Park Street,E01014540,Bristol 032B,Anti-social behaviour,,`,
      `routed-none-1,2025-09,${FORCE},,,No Location,,,Other theft,Status update unavailable,`,
    ].join('\n');
    const res = await t.http.post('/api/v1/incident-imports').set('authorization', admin.auth).set('content-type', 'text/csv').send(file);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.unrouted, 2);
    const codes = await t.db.query<{ id: string; code: string }>('SELECT id, code FROM partnerships WHERE id = ANY($1::uuid[]) ORDER BY code', [
      res.body.items.map((i: Json) => i.partnershipId),
    ]);
    assert.deepEqual(
      codes.map((c) => c.code),
      ['cardiff', 'cwm-taf', 'newport'],
    );
    for (const item of res.body.items) {
      assert.equal(item.routed, true);
      const done = await waitUntil(async () => {
        const r = await t.http.get(`/api/v1/partnerships/${item.partnershipId}/incident-imports/${item.id}`).set('authorization', admin.auth);
        return r.body.state === 'completed' ? r.body : null;
      }, 'a routed import');
      assert.deepEqual(done.counts, { read: 5, added: 1, alreadyHeld: 0, outsideArea: 4, rejected: 0 });
    }
    const rct = codes.find((c) => c.code === 'cwm-taf')!.id;
    const held = firstOf(await t.db.query<{ partnership_id: string }>(`SELECT partnership_id FROM incidents WHERE external_id = 'routed-rct-1'`));
    assert.equal(held.partnership_id, rct);
    assert.equal(await count(`external_id = 'routed-none-1'`), 0);
    // Only platform admins; generic files are imported per partnership.
    assert.equal((await t.http.post('/api/v1/incident-imports').set('authorization', analyst.auth).set('content-type', 'text/csv').send(file)).status, 403);
    const generic = await t.http
      .post('/api/v1/incident-imports?format=generic')
      .set('authorization', admin.auth)
      .set('content-type', 'text/csv')
      .send('source_system,external_id,category,occurred\n');
    assert.equal(generic.status, 400);
  });

  it('shows another partnership none of it, and refuses readers', async () => {
    const { id } = firstOf(await t.db.query<{ id: string }>('SELECT id FROM incident_imports ORDER BY created_at LIMIT 1'));
    const other = await member(t, 'newport', 'admin');
    assert.equal((await client(t, other.auth).get(`${intakeOf('newport')}/incident-imports/${id}`)).status, 404);
    const theirs = (await client(t, other.auth).get(`${intakeOf('newport')}/incident-imports`)).body.items as Json[];
    const cardiffImports = (
      await t.db.query<{ id: string }>(`SELECT i.id FROM incident_imports i JOIN partnerships p ON p.id = i.partnership_id WHERE p.code = 'cardiff'`)
    ).map((r) => r.id);
    assert.ok(theirs.length >= 1, 'newport has its routed import');
    assert.ok(theirs.every((i) => !cardiffImports.includes(i.id)));
    const viewer = await member(t, 'cardiff', 'viewer');
    assert.equal((await upload(streetFile('2025-10'), 'police-uk-street', viewer.auth)).status, 403);
    const list = await client(t, viewer.auth).get(`${intakeOf('cardiff')}/incident-imports`);
    assert.equal(list.status, 200);
    assert.ok(list.body.items.length >= 3);
  });
});
