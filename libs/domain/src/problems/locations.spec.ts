import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { coordinatesProblem, locationCodeProblem, normaliseLocation } from './locations';

describe('location codes', () => {
  it('accept ONS codes (wards W05, LSOAs W01 and the like) and local codes, in any case', () => {
    for (const code of ['W05001289', 'W01001870', 'w05000999', 'E01000001', 'CDF-BEAT-12', 'NPT/ABERAVON.3', 'ZONE_A']) {
      assert.equal(locationCodeProblem(code), null, code);
    }
  });

  it('refuse a code that looks like an ONS code but is not one', () => {
    for (const code of ['W0500128', 'W050012890', 'X05001289']) assert.match(locationCodeProblem(code) ?? '', /ONS code/, code);
  });

  it('refuse blanks, spaces and odd characters, and codes over 40 characters', () => {
    assert.match(locationCodeProblem('  ') ?? '', /empty/);
    assert.ok(locationCodeProblem('W05 001289'));
    assert.ok(locationCodeProblem('CDF--12'));
    assert.ok(locationCodeProblem("x'; drop table"));
    assert.match(locationCodeProblem(`A${'B'.repeat(40)}`) ?? '', /at most 40/);
    assert.ok(locationCodeProblem(42));
  });

  it('store codes upper case and labels trimmed', () => {
    assert.deepEqual(normaliseLocation({ code: ' cdf-beat-12 ', label: ' Beat 12 ' }), { code: 'CDF-BEAT-12', label: 'Beat 12', lat: null, lng: null });
  });
});

describe('coordinates', () => {
  it('come both or neither, within range', () => {
    assert.equal(coordinatesProblem(undefined, undefined), null);
    assert.equal(coordinatesProblem(null, null), null);
    assert.equal(coordinatesProblem(51.48, -3.18), null);
    assert.equal(coordinatesProblem(-90, 180), null);
    assert.match(coordinatesProblem(51.48, null) ?? '', /both or neither/);
    assert.match(coordinatesProblem(90.1, 0) ?? '', /lat/);
    assert.match(coordinatesProblem(0, -180.5) ?? '', /lng/);
  });
});
