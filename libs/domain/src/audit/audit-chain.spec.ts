import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { canonicalJson } from '@app/core/json/canonical-json';
import { chainHash, findBreak, GENESIS_HASH, type ChainedRow } from './audit-chain';

function chain(n: number): (ChainedRow & { hash: string })[] {
  const rows: (ChainedRow & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const row: ChainedRow = {
      id: `00000000-0000-7000-8000-00000000000${i}`,
      partnershipId: null,
      seq: String(i),
      occurredAt: new Date(Date.UTC(2026, 0, i)).toISOString(),
      actorType: 'system',
      actorId: null,
      action: 'test.done',
      targetType: 'thing',
      targetId: String(i),
      requestId: null,
      details: { b: 1, a: [1, { d: 2, c: 3 }] },
      prevHash: prev,
    };
    const hash = chainHash(row);
    rows.push({ ...row, hash });
    prev = hash;
  }
  return rows;
}

describe('audit chain', () => {
  it('serialises objects with sorted keys at every level', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null }, u: undefined }), '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('accepts an intact chain', () => {
    assert.equal(findBreak(chain(5), { expectedSeq: 1n, expectedPrev: GENESIS_HASH }), null);
  });

  it('finds an altered row, a removed row and a re-linked row', () => {
    const altered = chain(5);
    const third = altered[2];
    assert.ok(third);
    altered[2] = { ...third, action: 'test.undone' };
    assert.deepEqual(findBreak(altered, { expectedSeq: 1n, expectedPrev: GENESIS_HASH }), { index: 2, reason: 'hash-mismatch' });

    const removed = chain(5);
    removed.splice(1, 1);
    assert.deepEqual(findBreak(removed, { expectedSeq: 1n, expectedPrev: GENESIS_HASH }), { index: 1, reason: 'sequence-gap' });

    const relinked = chain(5);
    const fourth = relinked[3];
    assert.ok(fourth);
    relinked[3] = { ...fourth, prevHash: GENESIS_HASH };
    assert.deepEqual(findBreak(relinked, { expectedSeq: 1n, expectedPrev: GENESIS_HASH }), { index: 3, reason: 'previous-hash-mismatch' });
  });
});
