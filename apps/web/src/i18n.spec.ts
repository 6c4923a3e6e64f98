import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from '@jest/globals';
import { ROLES } from '@app/core/security';
import { HALLMARKS } from '@app/domain/accountability';
import { REVIEW_STATES } from '@app/domain/assessments';
import { FLAG_KINDS } from '@app/domain/flags';
import { NOMINATION_KINDS, NOMINATION_STATES } from '@app/domain/intake';
import { DELIVERY_STATUSES, WEBHOOK_DISABLED_REASONS } from '@app/domain/notifications';
import { DISPLACEMENT_KINDS, IMPACT_RESULTS, PROBLEM_SOURCES, PROBLEM_STAGES, RESPONSE_STATUSES, RESPONSE_TYPES } from '@app/domain/problems';
import { ACTION_STATUSES, ATTENDANCE_STATUSES, GROUP_LEVELS, MEETING_STATUSES } from '@app/domain/tasking';
import { translator } from './i18n';
import { MESSAGES } from './messages';
import { londonInstant } from './tasking.controller';
import { dateField, FormErrors } from './forms';

const views = resolve(__dirname, '../../../../apps/web/views');
function templates(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? templates(path) : path.endsWith('.njk') ? [path] : [];
  });
}

describe('console messages', () => {
  it('has an English and a Welsh text for every key every template names', () => {
    const used = new Set<string>();
    for (const file of templates(views)) {
      for (const [, key = ''] of readFileSync(file, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g)) used.add(key);
    }
    assert.ok(used.size > 100, `found only ${used.size} keys`);
    const missing = [...used].filter((key) => (key.endsWith('.') ? !Object.keys(MESSAGES).some((k) => k.startsWith(key)) : !(key in MESSAGES)));
    assert.deepEqual(missing, []);
    // Keys built from a value (`t('stage.' + p.stage)`): every value the API can answer has its text.
    const families: Record<string, readonly string[]> = {
      'stage.': PROBLEM_STAGES,
      'source.': PROBLEM_SOURCES,
      'rtype.': RESPONSE_TYPES,
      'rstatus.': RESPONSE_STATUSES,
      'result.': IMPACT_RESULTS,
      'displacement.': DISPLACEMENT_KINDS,
      'flag.': FLAG_KINDS,
      'astatus.': ACTION_STATUSES,
      'mstatus.': MEETING_STATUSES,
      'attendance.': ATTENDANCE_STATUSES,
      'tasking.level.': GROUP_LEVELS,
      'review.': REVIEW_STATES,
      'role.': ROLES,
      'nkind.': NOMINATION_KINDS,
      'nstate.': NOMINATION_STATES,
      'dstatus.': DELIVERY_STATUSES,
      'webhooks.reason.': WEBHOOK_DISABLED_REASONS,
      'figures.hallmark.': HALLMARKS,
    };
    const absent = Object.entries(families).flatMap(([prefix, values]) => values.map((v) => prefix + v).filter((k) => !(k in MESSAGES)));
    assert.deepEqual(absent, []);
    for (const [key, [en, cy]] of Object.entries(MESSAGES)) {
      assert.ok(en.trim() && cy.trim(), `${key} is empty in a language`);
      assert.deepEqual(
        [...cy.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
        [...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(),
        `${key}: the placeholders differ`,
      );
    }
  });

  it('formats dates and numbers for the language, and marks a missing key', () => {
    const en = translator('en');
    const cy = translator('cy');
    assert.equal(en.date('2026-03-01'), '1 March 2026');
    assert.equal(cy.date('2026-03-01'), '1 Mawrth 2026');
    assert.equal(en.number(12345.5), '12,345.5');
    assert.equal(cy.t('stage.closed'), 'Ar gau');
    assert.equal(en.t('common.daysOverdue', { count: 3 }), '3 days overdue');
    assert.equal(en.t('no.such.key'), '[missing: no.such.key]');
    // Instants in Europe/London: 23:30 UTC on 1 July is 00:30 on 2 July (BST).
    assert.match(en.dateTime('2026-07-01T23:30:00Z'), /2 July 2026.*00:30/);
  });
});

describe('console forms', () => {
  it('reads GOV.UK date inputs and refuses dates that do not exist', () => {
    const en = translator('en');
    const errors = new FormErrors();
    assert.equal(dateField({ 'd-day': '7', 'd-month': '3', 'd-year': '2026' }, 'd', errors, en, 'common.dueDate'), '2026-03-07');
    assert.equal(dateField({ 'd-day': '31', 'd-month': '2', 'd-year': '2026' }, 'd', errors, en, 'common.dueDate'), undefined);
    assert.deepEqual(errors.list, [{ text: 'Due date must be a real date', href: '#d-day' }]);
    assert.equal(dateField({}, 'e', errors, en, 'common.dueDate', true), undefined);
    assert.equal(errors.list.length, 1);
  });

  it('turns a London wall-clock time into the instant, in GMT and in BST', () => {
    assert.equal(londonInstant('2026-01-15', '10:00'), '2026-01-15T10:00:00.000Z');
    assert.equal(londonInstant('2026-07-15', '10:00'), '2026-07-15T09:00:00.000Z');
    assert.equal(londonInstant('2026-07-15', '00:30'), '2026-07-14T23:30:00.000Z');
  });
});
