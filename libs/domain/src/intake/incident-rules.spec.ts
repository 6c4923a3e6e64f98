import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { locationKey, prepareIncident } from './incident-rules';
import { firstOf } from '@app/testing/narrow';

const hash = (source: string, key: string) => `h(${source}:${key})`;
const base = { sourceSystem: 'niche', externalId: 'X1', category: 'burglary', occurredAt: '2026-03-29T00:30:00Z' };

describe('incident rules', () => {
  it('dates an instant in Europe/London and a month by its first day', () => {
    // 00:30 UTC on 29 March 2026 is 01:30 BST... still the 29th; 23:30 UTC on 31 January is the 31st.
    const bst = prepareIncident(base, hash).values!;
    assert.equal(bst.occurredOn, '2026-03-29');
    assert.equal(bst.occurredMonth, '2026-03-01');
    assert.equal(bst.monthOnly, false);
    const month = prepareIncident({ ...base, occurredAt: undefined, occurredMonth: '2025-12' }, hash).values!;
    assert.deepEqual([month.occurredOn, month.occurredMonth, month.monthOnly, month.occurredAt], ['2025-12-01', '2025-12-01', true, null]);
  });

  it('needs exactly one of occurredAt and occurredMonth', () => {
    assert.equal(firstOf(prepareIncident({ ...base, occurredMonth: '2026-01' }, hash).errors).path, 'occurredAt');
    assert.equal(firstOf(prepareIncident({ ...base, occurredAt: undefined }, hash, { path: 'items[3]' }).errors).path, 'items[3].occurredAt');
    assert.equal(firstOf(prepareIncident({ ...base, occurredAt: '2026-01-01T10:00:00' }, hash).errors).path, 'occurredAt');
  });

  it('keeps subjects only as hashes, once each, and gives equal content an equal hash', () => {
    const a = prepareIncident(
      {
        ...base,
        subjects: [
          { role: 'victim', key: 'P1' },
          { role: 'victim', key: 'P1' },
          { role: 'offender', key: 'P2' },
        ],
      },
      hash,
    ).values!;
    assert.deepEqual(a.subjects, [
      { role: 'offender', hash: 'h(niche:P2)' },
      { role: 'victim', hash: 'h(niche:P1)' },
    ]);
    assert.ok(!JSON.stringify(a).includes('"P1"'));
    const b = prepareIncident(
      {
        ...base,
        subjects: [
          { role: 'offender', key: 'P2' },
          { role: 'victim', key: 'P1' },
        ],
      },
      hash,
    ).values!;
    assert.equal(a.contentHash, b.contentHash);
    const c = prepareIncident({ ...base, outcome: 'Charged' }, hash).values!;
    assert.notEqual(a.contentHash, c.contentHash);
  });

  it('counts a location on the LSOA and the label, folding case and spaces; none without a label', () => {
    assert.equal(locationKey('W01001700', 'On or near  LOUDOUN Square '), 'W01001700|on or near loudoun square');
    assert.equal(locationKey('W01001700', null), null);
    const v = prepareIncident({ ...base, location: { lsoaCode: 'w01001700', label: 'On or near  Loudoun Square' } }, hash).values!;
    assert.equal(v.lsoaCode, 'W01001700');
    assert.equal(v.locationKey, 'W01001700|on or near loudoun square');
  });

  it('refuses bad codes and lone coordinates', () => {
    const errors = prepareIncident({ ...base, location: { lsoaCode: 'W05000001', wardCode: 'W01000001', lat: 51.4 } }, hash).errors.map((e) => e.path);
    assert.deepEqual(errors, ['location.lsoaCode', 'location.wardCode', 'location.lat']);
  });
});
