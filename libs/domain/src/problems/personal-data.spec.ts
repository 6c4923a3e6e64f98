import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { Principal } from '@app/core/security';
import { mayReadPersonalData } from './personal-data';

const user = (role: Principal['role'], platformAdmin = false): Principal => ({ kind: 'user', userId: 'u', platformAdmin, role });

describe('who may read the personal fields of a problem', () => {
  it('admins, analysts and chairs of the partnership', () => {
    assert.deepEqual(
      (['admin', 'analyst', 'chair', 'partner', 'viewer'] as const).map((role) => mayReadPersonalData(user(role))),
      [true, true, true, false, false],
    );
  });

  it('API keys holding problems:read (or problems:write, which includes it)', () => {
    assert.equal(mayReadPersonalData({ kind: 'api_key', apiKeyId: 'k', platformAdmin: false, scopes: ['problems:read'] }), true);
    assert.equal(mayReadPersonalData({ kind: 'api_key', apiKeyId: 'k', platformAdmin: false, scopes: ['problems:write'] }), true);
    assert.equal(mayReadPersonalData({ kind: 'api_key', apiKeyId: 'k', platformAdmin: false, scopes: ['tasking:read'] }), false);
  });

  it('not platform admins who are not such members, nor the system', () => {
    assert.equal(mayReadPersonalData(user(undefined, true)), false);
    assert.equal(mayReadPersonalData(user('chair', true)), true);
    assert.equal(mayReadPersonalData(undefined), false);
  });
});
