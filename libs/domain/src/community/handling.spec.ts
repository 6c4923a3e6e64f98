import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { checkHandling, mayRead, readerOf, type Reader } from './handling';
import { AGENCY as police, OTHER_AGENCY as council } from '@app/testing/fixtures';

const reader = (over: Partial<Reader>): Reader => ({ userId: 'u-reader', role: 'viewer', agencyId: null, custodian: false, ...over });

describe('handling codes', () => {
  it('refuses a C code without conditions, and a P code with them', () => {
    const refused = (code: string) => (e: unknown) => (e as { code?: string }).code === code;
    assert.throws(() => checkHandling({ handlingCode: 'C' }), refused('handling-conditions-required'));
    assert.throws(() => checkHandling({ handlingCode: 'C', handlingConditions: { text: '   ' } }), refused('handling-conditions-required'));
    assert.throws(() => checkHandling({ handlingCode: 'P', handlingConditions: { text: 'not to be shared' } }), refused('handling-conditions-not-allowed'));
  });

  it('keeps the conditions trimmed, roles and agencies once each', () => {
    const h = checkHandling({
      handlingCode: 'C',
      handlingConditions: { text: ' Not to the subject ', roles: ['chair', 'chair'], agencyIds: [police.toUpperCase(), police] },
    });
    assert.deepEqual(h, { handlingCode: 'C', handlingConditions: 'Not to the subject', handlingRoles: ['chair'], handlingAgencyIds: [police] });
  });

  it('lets every reader read a P-coded item', () => {
    const p = { ...checkHandling({ handlingCode: 'P' }), createdById: 'u-author' };
    assert.equal(mayRead(p, reader({ role: null, userId: null })), true);
  });

  it('leaves a C-coded item naming nobody to the custodians and its author', () => {
    const c = { ...checkHandling({ handlingCode: 'C', handlingConditions: { text: 'custodians only' } }), createdById: 'u-author' };
    assert.equal(mayRead(c, reader({ role: 'analyst', custodian: true })), true);
    assert.equal(mayRead(c, reader({ userId: 'u-author', role: 'chair' })), true);
    assert.equal(mayRead(c, reader({ role: 'chair' })), false);
    assert.equal(mayRead(c, reader({ role: 'partner', agencyId: police })), false);
  });

  it('needs the role named and the agency named when both are', () => {
    const c = {
      ...checkHandling({ handlingCode: 'C', handlingConditions: { text: 'police partners', roles: ['partner'], agencyIds: [police] } }),
      createdById: null,
    };
    assert.equal(mayRead(c, reader({ role: 'partner', agencyId: police })), true);
    assert.equal(mayRead(c, reader({ role: 'partner', agencyId: council })), false);
    assert.equal(mayRead(c, reader({ role: 'chair', agencyId: police })), false);
    const byAgency = { ...checkHandling({ handlingCode: 'C', handlingConditions: { text: 'police', agencyIds: [police] } }), createdById: null };
    assert.equal(mayRead(byAgency, reader({ role: 'chair', agencyId: police })), true);
    assert.equal(mayRead(byAgency, reader({ role: 'chair', agencyId: null })), false);
  });

  it('gives API keys and platform admins outside the partnership no role', () => {
    assert.deepEqual(readerOf({ kind: 'api_key', apiKeyId: 'k', platformAdmin: false, scopes: [] }), {
      userId: null,
      role: null,
      agencyId: null,
      custodian: false,
    });
    assert.equal(readerOf({ kind: 'user', userId: 'u', platformAdmin: true }).custodian, false);
    assert.equal(readerOf({ kind: 'user', userId: 'u', platformAdmin: false, role: 'admin' }).custodian, true);
  });
});
