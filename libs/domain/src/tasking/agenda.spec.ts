import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { agendaHorizon, staleStrategyWarning } from './agenda';

describe('agenda horizon and warnings', () => {
  it('runs to the next scheduled meeting when there is one, otherwise the meeting date plus the cadence', () => {
    assert.deepEqual(agendaHorizon('2026-01-20', '2026-02-17', 28), { horizon: '2026-02-17', horizonFrom: 'next_meeting' });
    assert.deepEqual(agendaHorizon('2026-01-20', null, 28), { horizon: '2026-02-17', horizonFrom: 'cadence' });
    assert.deepEqual(agendaHorizon('2026-01-20', null, 91), { horizon: '2026-04-21', horizonFrom: 'cadence' });
    // A "next" meeting on the same day is no horizon at all: fall back to the cadence.
    assert.deepEqual(agendaHorizon('2026-01-20', '2026-01-20', 7), { horizon: '2026-01-27', horizonFrom: 'cadence' });
    assert.deepEqual(agendaHorizon('2026-12-20', null, 14), { horizon: '2027-01-03', horizonFrom: 'cadence' }, 'across the year end');
  });

  it('warns about a strategy resting on an overdue or superseded assessment, and not otherwise', () => {
    assert.equal(staleStrategyWarning(null, null), null);
    assert.equal(staleStrategyWarning({ versionNumber: 2, staleAssessment: false }, { status: 'approved', nextReviewDue: '2026-04-15' }), null);
    assert.match(staleStrategyWarning({ versionNumber: 2, staleAssessment: true }, { status: 'approved', nextReviewDue: '2026-04-15' })!, /version 2 .*due on 2026-04-15/);
    assert.match(staleStrategyWarning({ versionNumber: 3, staleAssessment: true }, { status: 'superseded', nextReviewDue: null })!, /version 3 .*superseded/);
  });
});
