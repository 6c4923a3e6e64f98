import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { readOrCreateKeyFile } from './key-files';

describe('readOrCreateKeyFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'csp-keys-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('gives every concurrent caller the same, complete key, and leaves no temporary file', async () => {
    const path = join(root, 'keys', 'signing.pem');
    const big = (n: number) => `-----BEGIN KEY ${n}-----\n${'x'.repeat(2 * 1024 * 1024)}\n-----END KEY ${n}-----`;
    const callers = Array.from({ length: 24 }, (_, n) => n);
    const results = await Promise.all(callers.map((n) => readOrCreateKeyFile(path, () => big(n))));
    // Large enough that writing it takes several system calls (Node writes files 512 KiB at a time): a reader must never see part
    // of it. Not much larger: 24 callers' keys are built and written at once, and a shared machine must do that well within the timeout.
    // Whichever caller wins (any of them, under load), everyone gets that caller's whole key.
    assert.equal(new Set(results).size, 1);
    const [first = ''] = results;
    const winner = /^-----BEGIN KEY (\d+)-----\n/.exec(first)?.[1];
    assert.ok(winner !== undefined && callers.includes(Number(winner)));
    assert.ok(first === big(Number(winner)), "the key read back is that caller's complete key");
    assert.deepEqual([...readdirSync(join(root, 'keys'))], ['signing.pem']);
  });

  it('reads an existing key without calling make()', async () => {
    const path = join(root, 'keys', 'signing.pem');
    const again = await readOrCreateKeyFile(path, () => assert.fail('make() must not run when the key exists'));
    assert.match(again, /^-----BEGIN KEY/);
  });
});
