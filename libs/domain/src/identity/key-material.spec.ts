import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readOrCreateKeyFile } from './key-material';

describe('readOrCreateKeyFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'csp-keys-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives every concurrent caller the same, complete key, and leaves no temporary file', async () => {
    const path = join(root, 'keys', 'signing.pem');
    const big = (n: number) => `-----BEGIN KEY ${n}-----\n${'x'.repeat(16 * 1024 * 1024)}\n-----END KEY ${n}-----`;
    const results = await Promise.all(Array.from({ length: 24 }, (_, n) => readOrCreateKeyFile(path, () => big(n))));
    // Large enough that writing it takes several system calls: a reader must never see part of it.
    for (const key of results) assert.equal(key.length, big(0).length);
    assert.equal(new Set(results).size, 1);
    assert.ok(results[0].startsWith('-----BEGIN KEY ') && results[0].endsWith('-----'));
    assert.deepEqual(readdirSync(join(root, 'keys')), ['signing.pem']);
  });

  it('reads an existing key without calling make()', async () => {
    const path = join(root, 'keys', 'signing.pem');
    const again = await readOrCreateKeyFile(path, () => assert.fail('make() must not run when the key exists'));
    assert.match(again, /^-----BEGIN KEY/);
  });
});
