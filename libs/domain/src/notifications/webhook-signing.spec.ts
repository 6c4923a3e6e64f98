import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signWebhook, WebhookSecretBox } from './webhook-signing';
import { parseRetryAfter, retryDelayMs } from './webhook-retry';

describe('webhook signing (Standard Webhooks)', () => {
  it('produces signatures the standardwebhooks library verifies', () => {
    const secret = generateWebhookSecret();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    const id = '0190d2a4-1111-7000-8000-000000000001';
    // The verifier checks the timestamp against the wall clock (5 minutes' tolerance).
    // eslint-disable-next-line no-restricted-syntax
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const body = JSON.stringify({ type: 'flag.raised', timestamp: now.toISOString(), data: { flagId: 'x' } });
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signWebhook(secret, id, timestamp, body) };
    assert.deepEqual(new Webhook(secret).verify(body, headers), JSON.parse(body));
    assert.throws(() => new Webhook(generateWebhookSecret()).verify(body, headers), /No matching signature/);
    assert.throws(() => new Webhook(secret).verify(body.replace('x', 'y'), headers), /No matching signature/);
  });

  it('seals secrets at rest and detects tampering or the wrong key', () => {
    const box = new WebhookSecretBox('k'.repeat(40));
    const secret = generateWebhookSecret();
    const sealed = box.seal(secret);
    assert.ok(!sealed.includes(secret.slice(6, 20)));
    assert.equal(box.open(sealed), secret);
    assert.notEqual(box.seal(secret), sealed, 'a fresh IV each time');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.open(parts.join('.')));
    assert.throws(() => new WebhookSecretBox('o'.repeat(40)).open(sealed));
  });
});

describe('webhook retry delays', () => {
  const schedule = [5_000, 300_000, 1_800_000];

  it.each<[string, number, number | null, number, number]>([
    // [case, attempt, Retry-After (ms), random draw, delay (ms)]
    ['follows the schedule: the first delay, no jitter on a draw of 0', 1, null, 0, 5_000],
    ['adds at most 20% jitter, on a draw of 1', 1, null, 1, 6_000],
    ['adds jitter in proportion to the draw, never less than the schedule', 2, null, 0.5, 330_000],
    ['past the end: the last delay', 9, null, 0, 1_800_000],
    ['honours a later Retry-After', 1, 60_000, 0, 60_000],
    ['an earlier Retry-After does not shorten the schedule', 2, 60_000, 0, 300_000],
    ['honours a later Retry-After, capped at a day', 1, 10 * 86_400_000, 0, 86_400_000],
  ])('%s', (_case, attempt, retryAfterMs, random, delayMs) => {
    assert.equal(
      retryDelayMs(schedule, attempt, retryAfterMs, () => random),
      delayMs,
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-01-15T10:00:00Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 15 Jan 2026 10:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(undefined, now), null);
  });
});
