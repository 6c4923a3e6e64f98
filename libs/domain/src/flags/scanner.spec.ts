import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { SCANNERS } from '../scanners';
import { defineScanner, ScannerRegistry, scannerIndexes, type ScannerDefinition } from './scanner';

const valid: ScannerDefinition = {
  kind: 'action_overdue',
  subjectType: 'action',
  index: 'ix_actions_open_due',
  description: 'test',
  sql: `SELECT a.partnership_id, a.id AS subject_id, a.due_date FROM actions a WHERE a.status = 'open' AND a.due_date < $1::date`,
};

describe('flag scanner definitions', () => {
  it('accepts one SELECT returning partnership_id, subject_id and due_date', () => {
    assert.equal(defineScanner(valid).kind, 'action_overdue');
  });

  it('refuses an unknown kind, more than one statement, a missing column or other parameters', () => {
    assert.throws(() => defineScanner({ ...valid, kind: 'nonsense' as never }), /Unknown flag kind/);
    assert.throws(() => defineScanner({ ...valid, sql: `${valid.sql}; DELETE FROM flags` }), /one statement/);
    assert.throws(() => defineScanner({ ...valid, sql: 'UPDATE actions SET x = 1' }), /one SELECT/);
    assert.throws(() => defineScanner({ ...valid, sql: 'SELECT a.partnership_id, a.id AS subject_id FROM actions a' }), /no due_date/);
    assert.throws(() => defineScanner({ ...valid, sql: `${valid.sql} AND a.agency_id = $3` }), /only \$1/);
  });

  it('keeps one scanner per kind', () => {
    const registry = new ScannerRegistry([valid]);
    assert.deepEqual(registry.kinds(), ['action_overdue']);
    assert.throws(() => registry.register(valid), /already registered/);
  });

  it('takes a list of indexes for a statement of several branches, never none', () => {
    assert.deepEqual(scannerIndexes(defineScanner(valid)), ['ix_actions_open_due']);
    assert.deepEqual(scannerIndexes(defineScanner({ ...valid, index: ['ix_a', 'ix_b'] })), ['ix_a', 'ix_b']);
    assert.throws(() => defineScanner({ ...valid, index: [] }), /names the index/);
  });

  it('ships a scanner for every kind it can check now', () => {
    assert.deepEqual(new ScannerRegistry(SCANNERS).kinds().sort(), [
      'action_overdue',
      'assessment_review_due_soon',
      'assessment_review_overdue',
      'control_strategy_stale',
      'problem_unevaluated',
      'webhook_subscription_disabled',
    ]);
  });
});
