import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { fieldsOf } from './fields-of';

describe('fieldsOf', () => {
  const row = { id: 'a1', title: 'Shop theft', closedAt: null as Date | null, createdAt: new Date('2026-03-01T09:30:00Z'), tags: ['x'], secret: 's' };

  it('takes the named fields only, in the order named', () => {
    const fields = fieldsOf(row, 'title', 'id', 'tags');
    assert.deepEqual(Object.keys(fields), ['title', 'id', 'tags']);
    assert.equal(fields.tags, row.tags);
  });

  it('writes a Date as its ISO 8601 string and leaves null as it is', () => {
    assert.deepEqual(fieldsOf(row, 'createdAt', 'closedAt'), { createdAt: '2026-03-01T09:30:00.000Z', closedAt: null });
  });
});
