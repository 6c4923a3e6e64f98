import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, jest } from '@jest/globals';
import type { AppConfig, Clock } from '@app/core';
import { TokensService } from './tokens.service';
import { USER } from '@app/testing/fixtures';

const TTL = 900;

function pem(): string {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function setUp(signingKey = pem()) {
  let now = new Date('2026-03-02T10:00:00Z');
  const clock = { now: () => now } as Clock;
  const service = new TokensService({ auth: { signingKey, tokenTtlSeconds: TTL } } as AppConfig, clock);
  await service.onModuleInit();
  const checks = jest.spyOn(service as unknown as { verifySignatureAndClaims: (token: string) => Promise<unknown> }, 'verifySignatureAndClaims');
  return { service, checks, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

describe('TokensService', () => {
  it('checks a token’s signature once and answers its later uses from memory', async () => {
    const { service, checks } = await setUp();
    const { accessToken } = await service.issue(USER);

    const first = await service.verify(accessToken);
    const again = await service.verify(accessToken);

    expect(first).toEqual({ userId: USER, issuedAt: new Date('2026-03-02T10:00:00Z') });
    expect(again).toEqual(first);
    expect(checks).toHaveBeenCalledTimes(1);
  });

  it('refuses a remembered token once it expires, at the same instant as a token never seen', async () => {
    const { service, advance } = await setUp();
    const remembered = (await service.issue(USER)).accessToken;
    const unseen = (await service.issue(USER)).accessToken;
    expect(await service.verify(remembered)).not.toBeNull();

    // jose allows 5 s of clock skew past `exp`; the memory allows the same, no more.
    advance(TTL + 4);
    expect(await service.verify(remembered)).not.toBeNull();
    advance(1);
    expect(await service.verify(remembered)).toBeNull();
    expect(await service.verify(unseen)).toBeNull();
  });

  it('never remembers a refusal: a forged token is checked, and refused, every time', async () => {
    const { service, checks } = await setUp();
    const forger = await setUp();
    const forged = (await forger.service.issue(USER)).accessToken;

    expect(await service.verify(forged)).toBeNull();
    expect(await service.verify(forged)).toBeNull();
    expect(checks).toHaveBeenCalledTimes(2);
  });

  it('does not carry a token from one signing key to another (a restart with a new key)', async () => {
    const before = await setUp();
    const token = (await before.service.issue(USER)).accessToken;
    expect(await before.service.verify(token)).not.toBeNull();

    const after = await setUp();
    expect(await after.service.verify(token)).toBeNull();
  });
});
