import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { createTestEnvironment, firstOf, releaseEnvironment, type TestEnvironment } from '@app/testing';
import { runCli } from './support/processes';

const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** `cli import-incidents`: a file imported from a path, as a real process against the test database. */
describe('cli import-incidents', () => {
  let t: TestEnvironment;
  const file = join(tmpdir(), `cli-import-${process.pid}.csv`);
  const cli = (...args: string[]) => runCli(t, 'import-incidents', ...args);

  beforeAll(async () => {
    t = await createTestEnvironment();
  });
  afterAll(async () => {
    await rm(file, { force: true });
    await releaseEnvironment(t);
  });

  it('imports a police.uk file into a partnership with progress, and adds nothing the second time', async () => {
    await writeFile(
      file,
      [
        HEADER,
        ',2025-12,South Wales Police,South Wales Police,-3.1698,51.4686,On or near Loudoun Square,W01001700,Cardiff 032E,Anti-social behaviour,,',
        ',2025-12,South Wales Police,South Wales Police,-3.1698,51.4686,On or near Loudoun Square,W01001700,Cardiff 032E,Anti-social behaviour,,',
        'abc123,2025-12,South Wales Police,South Wales Police,-2.998,51.588,On or near Commercial Street,W01001600,Newport 012A,Vehicle crime,,',
      ].join('\n'),
    );
    const first = cli('cardiff', file);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /completed: read 3, added 2, already held 0, outside the area 1, rejected 0/);
    assert.match(first.stderr, /100% \(3 rows\)/);
    const second = cli('cardiff', file, '--format', 'police-uk-street');
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /completed: read 3, added 0, already held 2, outside the area 1/);
    const { n } = firstOf(await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM incidents WHERE source_system = 'police.uk'`));
    assert.equal(n, 2);
  });

  it('refuses a malformed file naming the line and column, and an unknown partnership', async () => {
    await writeFile(file, `${HEADER}\n,2025/12,x,x,,,No Location,,,Burglary,,\n`);
    const bad = cli('cardiff', file);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /line 2, column Month: "2025\/12" is not a month/);
    const nobody = cli('atlantis', file);
    assert.equal(nobody.status, 1);
    assert.match(nobody.stderr, /no partnership atlantis/);
  });
});
