import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { checkHeader, councilOfLsoaName, ImportFileError, mapGenericRow, mapPoliceUkRow } from './import-rows';
import { POLICE_UK_STREET_COLUMNS } from './intake.constants';

const row = (over: Record<string, string> = {}) => ({
  'Crime ID': '',
  Month: '2025-12',
  'Reported by': 'South Wales Police',
  'Falls within': 'South Wales Police',
  Longitude: '-3.169800',
  Latitude: '51.468600',
  Location: 'On or near Loudoun Square',
  'LSOA code': 'W01001700',
  'LSOA name': 'Cardiff 032E',
  'Crime type': 'Anti-social behaviour',
  'Last outcome category': '',
  Context: '',
  ...over,
});

describe('police.uk rows', () => {
  it("names the council before the LSOA name's last token", () => {
    assert.equal(councilOfLsoaName('Rhondda Cynon Taf 027F'), 'rhondda cynon taf');
    assert.equal(councilOfLsoaName('The Vale of Glamorgan 001A'), 'vale of glamorgan');
    assert.equal(councilOfLsoaName('Cardiff'), null);
  });

  it('identifies a row without a Crime ID by the file hash and row number, and one with it by the Crime ID', () => {
    const asb = mapPoliceUkRow(row(), 2, 1, 'abc');
    assert.equal(asb.kind === 'incident' && asb.input.externalId, 'abc:1');
    const crime = mapPoliceUkRow(row({ 'Crime ID': 'f00d', 'Crime type': 'Burglary' }), 3, 2, 'abc');
    assert.equal(crime.kind === 'incident' && crime.input.externalId, 'f00d');
    assert.equal(crime.kind === 'incident' && crime.input.category, 'burglary');
    assert.equal(crime.kind === 'incident' && crime.council, 'cardiff');
  });

  it('keeps a row without a location, counting it towards none', () => {
    const mapped = mapPoliceUkRow(row({ Longitude: '', Latitude: '', Location: 'No Location', 'LSOA code': '', 'LSOA name': '' }), 2, 1, 'h');
    assert.ok(mapped.kind === 'incident');
    assert.deepEqual(mapped.input.location, { lsoaCode: null, label: null, lat: null, lng: null });
    assert.equal(mapped.council, null);
  });

  it('rejects an unknown crime type, and refuses wrong types naming the line and column', () => {
    assert.deepEqual(mapPoliceUkRow(row({ 'Crime type': 'Jaywalking' }), 5, 4, 'h'), {
      kind: 'rejected',
      column: 'Crime type',
      reason: '"Jaywalking" is not a data.police.uk crime type',
    });
    assert.throws(
      () => mapPoliceUkRow(row({ Month: 'Dec 2025' }), 7, 6, 'h'),
      (e: ImportFileError) => e.fault.line === 7 && e.fault.column === 'Month',
    );
    assert.throws(
      () => mapPoliceUkRow(row({ Latitude: 'north' }), 7, 6, 'h'),
      (e: ImportFileError) => e.fault.column === 'Latitude',
    );
    assert.throws(
      () => mapPoliceUkRow(row({ Latitude: '' }), 7, 6, 'h'),
      (e: ImportFileError) => e.fault.column === 'Latitude',
    );
  });

  it('checks the header: every published column, no other', () => {
    assert.deepEqual(checkHeader('police-uk-street', [...POLICE_UK_STREET_COLUMNS]), [...POLICE_UK_STREET_COLUMNS]);
    assert.throws(
      () => checkHeader('police-uk-street', POLICE_UK_STREET_COLUMNS.slice(0, 11)),
      (e: ImportFileError) => e.fault.line === 1 && e.fault.column === 'Context',
    );
    assert.throws(
      () => checkHeader('police-uk-street', [...POLICE_UK_STREET_COLUMNS, 'Extra']),
      (e: ImportFileError) => e.fault.column === 'Extra',
    );
    assert.throws(
      () => checkHeader('generic', ['source_system', 'external_id', 'category']),
      (e: ImportFileError) => e.fault.column === 'occurred',
    );
  });
});

describe('generic rows', () => {
  const base = { source_system: 'council', external_id: 'A1', category: 'fly-tipping', occurred: '2026-01' };

  it('takes a month or an instant, and several keys per role', () => {
    const month = mapGenericRow({ ...base, victim_key: 'K1; K2' }, 2);
    assert.ok(month.kind === 'incident');
    assert.equal(month.input.occurredMonth, '2026-01');
    assert.deepEqual(month.input.subjects, [
      { role: 'victim', key: 'K1' },
      { role: 'victim', key: 'K2' },
    ]);
    const instant = mapGenericRow({ ...base, occurred: '2026-01-03T19:30:00+00:00', hate_incident: 'yes' }, 2);
    assert.ok(instant.kind === 'incident');
    assert.equal(instant.input.occurredAt, '2026-01-03T19:30:00+00:00');
    assert.equal(instant.input.hateIncident, true);
  });

  it('refuses an instant without an offset and a bad boolean; rejects an unknown category', () => {
    assert.throws(
      () => mapGenericRow({ ...base, occurred: '2026-01-03T19:30:00' }, 4),
      (e: ImportFileError) => e.fault.column === 'occurred' && e.fault.line === 4,
    );
    assert.throws(
      () => mapGenericRow({ ...base, hate_incident: 'maybe' }, 4),
      (e: ImportFileError) => e.fault.column === 'hate_incident',
    );
    assert.equal(mapGenericRow({ ...base, category: 'littering' }, 4).kind, 'rejected');
  });
});
