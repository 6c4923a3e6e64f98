import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@app/core';
import { Allow, type Principal, type Role } from '@app/core/security';
import type { AuthenticationService } from '@app/domain/identity';
import type { PartnershipsService } from '@app/domain/partnerships';
import { AccessGuard } from './access.guard';

const CARDIFF = { id: '0190f000-0000-7000-8000-00000000000a', code: 'cardiff' };
const NEWPORT = { id: '0190f000-0000-7000-8000-00000000000b', code: 'newport' };

class Routes {
  @Allow({ roles: ['chair'], scopes: ['assessments:write'] })
  approve() {}

  @Allow({ roles: 'any', scopes: ['assessments:read'] })
  read() {}

  @Allow({})
  adminOnly() {}

  @Allow({ oversight: true })
  oversightView() {}

  @Allow({ anyUser: true })
  me() {}

  undeclared() {}
}

const members: Record<string, Role> = { chair: 'chair', analyst: 'analyst', admin: 'admin' };

function guard() {
  const authentication = {
    membershipOf: async (userId: string, partnershipId: string) =>
      partnershipId === CARDIFF.id && members[userId] ? { role: members[userId], agencyId: null } : null,
  } as unknown as AuthenticationService;
  const partnerships = {
    resolve: async (idOrCode: string) => [CARDIFF, NEWPORT].find((p) => p.code === idOrCode || p.id === idOrCode) ?? null,
  } as unknown as PartnershipsService;
  return new AccessGuard(new Reflector(), authentication, partnerships);
}

async function outcome(handler: keyof Routes, principal: Principal | undefined, partnershipId?: string, invalid = false): Promise<number> {
  const request = { principal, invalidCredentials: invalid, params: partnershipId ? { partnershipId } : {} };
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  try {
    await guard().canActivate(context);
    return 200;
  } catch (err) {
    if (err instanceof ProblemException) return err.getStatus();
    throw err;
  }
}

const user = (userId: string, platformAdmin = false): Principal => ({ kind: 'user', userId, platformAdmin });
const key = (scopes: string[], partnershipId = CARDIFF.id): Principal => ({ kind: 'api_key', apiKeyId: 'k', partnershipId, scopes, platformAdmin: false });

describe('AccessGuard and @Allow', () => {
  it('lets the declared role, the partnership admin and platform admins through', async () => {
    assert.equal(await outcome('approve', user('chair'), 'cardiff'), 200);
    assert.equal(await outcome('approve', user('admin'), 'cardiff'), 200);
    assert.equal(await outcome('approve', user('outsider', true), 'cardiff'), 200);
    assert.equal(await outcome('approve', user('analyst'), 'cardiff'), 403);
    assert.equal(await outcome('read', user('analyst'), 'cardiff'), 200);
    assert.equal(await outcome('adminOnly', user('chair'), 'cardiff'), 403);
  });

  it('answers 404 to non-members and for unknown partnerships, 401 without valid credentials', async () => {
    assert.equal(await outcome('read', user('outsider'), 'cardiff'), 404);
    assert.equal(await outcome('read', user('chair'), 'newport'), 404);
    assert.equal(await outcome('read', user('chair'), 'atlantis'), 404);
    assert.equal(await outcome('read', undefined, 'cardiff'), 401);
    assert.equal(await outcome('read', undefined, 'cardiff', true), 401);
  });

  it("checks API key scopes (a :write scope includes its :read) and the key's partnership", async () => {
    assert.equal(await outcome('approve', key(['assessments:write']), 'cardiff'), 200);
    assert.equal(await outcome('approve', key(['assessments:read']), 'cardiff'), 403);
    assert.equal(await outcome('read', key(['assessments:write']), 'cardiff'), 200);
    assert.equal(await outcome('read', key(['problems:read']), 'cardiff'), 403);
    assert.equal(await outcome('adminOnly', key(['assessments:write']), 'cardiff'), 403);
    assert.equal(await outcome('read', key(['assessments:read']), 'newport'), 404);
  });

  it('outside a partnership, @Allow({}) admits platform admins only', async () => {
    assert.equal(await outcome('adminOnly', user('someone', true)), 200);
    assert.equal(await outcome('adminOnly', user('admin')), 403);
    assert.equal(await outcome('adminOnly', key(['assessments:write'])), 403);
  });

  it('answers an oversight principal 404 inside every partnership (even one where it holds a membership), and admits it only where allowed outside', async () => {
    const board: Principal = { kind: 'oversight', userId: 'chair', platformAdmin: false, oversight: { all: true, partnershipIds: [] } };
    assert.equal(await outcome('read', board, 'cardiff'), 404);
    assert.equal(await outcome('approve', board, 'cardiff'), 404);
    assert.equal(await outcome('oversightView', board), 200);
    assert.equal(await outcome('me', board), 200);
    assert.equal(await outcome('adminOnly', board), 403);
    assert.equal(await outcome('oversightView', user('chair')), 403, 'a member is no oversight principal');
    assert.equal(await outcome('oversightView', user('someone', true)), 200, 'platform admins see it too');
  });

  it('fails closed on a route that declares nothing', async () => {
    assert.equal(await outcome('undeclared', user('someone', true), 'cardiff'), 403);
  });
});
