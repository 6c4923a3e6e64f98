import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Triangle } from './problem.constants';
import { missingNeed, nextStage, sidesAnalysed, transitionRefusal, type StageFacts } from './stage-rules';

const EMPTY: Triangle = { offender: null, handler: null, victim: null, guardian: null, location: null, manager: null };

function facts(overrides: Partial<StageFacts> = {}): StageFacts {
  return {
    title: 'Youth ASB at the shops',
    description: 'Evenings, shutters damaged',
    category: 'anti-social-behaviour',
    source: 'complaint',
    locations: 1,
    analysis: { triangle: { ...EMPTY, location: 'Loudoun Square shops' }, hasBaseline: true },
    responses: [{ id: 'r1', status: 'delivered' }],
    plannedAssessmentDate: '2026-06-30',
    evaluation: { current: true, processResponseIds: ['r1'] },
    ...overrides,
  };
}

describe('SARA stage moves', () => {
  it('go one stage forward at a time, and closed is the end', () => {
    assert.equal(nextStage('scanning'), 'analysis');
    assert.equal(nextStage('assessment'), 'closed');
    assert.equal(nextStage('closed'), null);
    assert.equal(transitionRefusal('scanning', 'analysis'), null);
    assert.equal(transitionRefusal('assessment', 'closed'), null);
  });

  it('refuse skipping, going back, staying and moving a closed problem (409 rules)', () => {
    assert.equal(transitionRefusal('scanning', 'response')?.rule, 'stage-transition-not-allowed');
    assert.match(transitionRefusal('scanning', 'response')!.detail, /cannot skip to response/);
    assert.match(transitionRefusal('response', 'analysis')!.detail, /cannot go back to analysis/);
    assert.match(transitionRefusal('analysis', 'analysis')!.detail, /is already at analysis/);
    assert.deepEqual(transitionRefusal('analysis', 'closed')?.extensions, { stage: 'analysis', to: 'closed', next: 'response' });
    assert.equal(transitionRefusal('closed', 'scanning')?.rule, 'problem-closed');
  });
});

describe('what each stage needs', () => {
  it('analysis needs the scanning fields, naming those missing', () => {
    assert.equal(missingNeed('analysis', facts()), null);
    const refusal = missingNeed('analysis', facts({ description: '  ', locations: 0 }));
    assert.equal(refusal?.rule, 'scanning-incomplete');
    assert.deepEqual(refusal?.extensions, { missing: ['description', 'locations'] });
  });

  it('response needs an analysis with a triangle side and a baseline', () => {
    assert.equal(missingNeed('response', facts({ analysis: null }))?.rule, 'analysis-required');
    assert.equal(missingNeed('response', facts({ analysis: { triangle: { ...EMPTY, offender: ' ' }, hasBaseline: true } }))?.rule, 'triangle-side-required');
    assert.equal(
      missingNeed('response', facts({ analysis: { triangle: { ...EMPTY, guardian: 'Shop staff' }, hasBaseline: false } }))?.rule,
      'baseline-required',
    );
    assert.equal(missingNeed('response', facts({ analysis: { triangle: { ...EMPTY, handler: 'Parents' }, hasBaseline: true } })), null);
  });

  it('assessment needs a response that is not cancelled, and a planned assessment date', () => {
    assert.equal(missingNeed('assessment', facts({ responses: [] }))?.rule, 'response-required');
    assert.equal(missingNeed('assessment', facts({ responses: [{ id: 'r1', status: 'cancelled' }] }))?.rule, 'response-required');
    assert.equal(missingNeed('assessment', facts({ plannedAssessmentDate: null }))?.rule, 'planned-assessment-date-required');
    assert.equal(missingNeed('assessment', facts({ responses: [{ id: 'r1', status: 'planned' }] })), null);
  });

  it('closing needs a current evaluation covering every response that is not cancelled', () => {
    assert.equal(missingNeed('closed', facts({ evaluation: null }))?.rule, 'evaluation-required');
    const setAside = missingNeed('closed', facts({ evaluation: { current: false, processResponseIds: ['r1'] } }));
    assert.equal(setAside?.rule, 'evaluation-required');
    assert.match(setAside!.detail, /reopened/);
    const incomplete = missingNeed(
      'closed',
      facts({
        responses: [
          { id: 'r1', status: 'delivered' },
          { id: 'r2', status: 'in_progress' },
          { id: 'r3', status: 'cancelled' },
        ],
      }),
    );
    assert.equal(incomplete?.rule, 'process-evaluation-incomplete');
    assert.deepEqual(incomplete?.extensions, { responseIds: ['r2'] });
    assert.equal(missingNeed('closed', facts()), null);
  });
});

describe('triangle sides', () => {
  it('count a side when either of its roles is written', () => {
    assert.deepEqual(sidesAnalysed(EMPTY), []);
    assert.deepEqual(sidesAnalysed({ ...EMPTY, handler: 'Youth workers', manager: 'Council estates team' }), ['offender', 'location']);
    assert.deepEqual(sidesAnalysed({ ...EMPTY, victim: 'Shop staff', guardian: '' }), ['victim']);
    assert.deepEqual(sidesAnalysed(null), []);
  });
});
