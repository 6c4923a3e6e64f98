import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { agendaHorizon, staleStrategyWarning, trimAgenda, type Agenda } from './agenda';

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
    assert.match(
      staleStrategyWarning({ versionNumber: 2, staleAssessment: true }, { status: 'approved', nextReviewDue: '2026-04-15' })!,
      /version 2 .*due on 2026-04-15/,
    );
    assert.match(staleStrategyWarning({ versionNumber: 3, staleAssessment: true }, { status: 'superseded', nextReviewDue: null })!, /version 3 .*superseded/);
  });
});

describe('trimming an agenda', () => {
  const entries = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));
  const agenda = {
    overdueActions: entries(30),
    actionsDue: entries(25),
    problemsForReview: entries(3),
    newNominations: entries(0),
    priorities: entries(40),
    flags: entries(200),
    truncated: ['flags'],
  } as unknown as Agenda;

  it("cuts each list section to the size asked, and names every section cut, in the meeting's order", () => {
    const trimmed = trimAgenda(agenda, 25);
    assert.deepEqual([trimmed.overdueActions.length, trimmed.actionsDue.length, trimmed.problemsForReview.length, trimmed.flags.length], [25, 25, 3, 25]);
    assert.equal(trimmed.priorities.length, 40, 'priorities are never cut');
    assert.deepEqual(trimmed.truncated, ['overdueActions', 'flags']);
    assert.equal(agenda.overdueActions.length, 30, 'the agenda given is not changed');
  });

  it('keeps what generation cut short named when nothing more is cut', () => {
    assert.deepEqual(trimAgenda(agenda, 200).truncated, ['flags']);
    assert.equal(trimAgenda(agenda, 200).overdueActions.length, 30);
  });
});
