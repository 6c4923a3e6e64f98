import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { figureSpecs } from '@app/domain/accountability';
import { figureLabel, figureValue, lastFullQuarter } from './figures.controller';
import { translator } from './i18n';

describe('console figures', () => {
  it('defaults to the last whole quarter, across a year’s turn too', () => {
    assert.deepEqual(lastFullQuarter('2026-12-01'), { from: '2026-07-01', to: '2026-09-30' });
    assert.deepEqual(lastFullQuarter('2026-04-01'), { from: '2026-01-01', to: '2026-03-31' });
    assert.deepEqual(lastFullQuarter('2026-02-14'), { from: '2025-10-01', to: '2025-12-31' });
    assert.deepEqual(lastFullQuarter('2028-05-31'), { from: '2028-01-01', to: '2028-03-31' });
  });

  it('reads each unit in the language', () => {
    const en = translator('en');
    const cy = translator('cy');
    const f = (unit: 'rate' | 'count' | 'days' | 'per_1000', value: number | null) => ({
      key: 'x',
      hallmark: 'leadership' as const,
      unit,
      value,
      better: null,
      label: 'x',
      definition: 'x',
      sufficientData: true,
    });
    assert.equal(figureValue(f('rate', 0.5714), en), '57.1%');
    assert.equal(figureValue(f('days', 4), en), '4 days');
    assert.equal(figureValue(f('days', 4), cy), '4 diwrnod');
    assert.equal(figureValue(f('per_1000', 0.02), en), '0.02 per 1,000 residents');
    assert.equal(figureValue(f('count', 12345), en), '12,345');
    assert.equal(figureValue(f('rate', null), en), '');
  });

  it('names every figure of the partnership’s view in Welsh, but those per incident group or source kind', () => {
    const cy = translator('cy');
    const specs = figureSpecs({ agencies: [{ id: 'a1', name: 'Heddlu De Cymru' }], areas: ['W05001'] });
    const english = specs.filter((s) => figureLabel(s, cy, { a1: 'Heddlu De Cymru' }).english).map((s) => s.key.split(':')[0]);
    assert.deepEqual([...new Set(english)].sort(), ['incidents_by_group', 'intelligence_by_source_kind']);
    assert.equal(figureLabel({ key: 'problems_by_stage:analysis', label: 'Problems at analysis' }, cy).text, 'Problemau fesul cam: Dadansoddi');
    assert.equal(
      figureLabel({ key: 'action_on_time_rate:agency:a1', label: 'x' }, cy, { a1: 'Heddlu De Cymru' }).text,
      'Camau gweithredu mewn pryd: Heddlu De Cymru',
    );
    // An agency the console does not know keeps the API's label.
    assert.deepEqual(figureLabel({ key: 'action_on_time_rate:agency:zz', label: 'Actions on time: Gone' }, cy), {
      text: 'Actions on time: Gone',
      english: true,
    });
  });
});
