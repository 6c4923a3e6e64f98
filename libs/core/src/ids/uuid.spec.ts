import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { isUuid, uuidv7 } from './uuid';

describe('uuidv7', () => {
  it('produces RFC 9562 version 7 ids that sort by creation', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7());
    for (const id of ids) {
      assert.ok(isUuid(id));
      assert.equal(id[14], '7');
      assert.ok('89ab'.includes(id.charAt(19)));
    }
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('embeds the millisecond timestamp', () => {
    const id = uuidv7(Date.UTC(2030, 0, 1));
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    assert.ok(ms >= Date.UTC(2030, 0, 1));
  });
});
