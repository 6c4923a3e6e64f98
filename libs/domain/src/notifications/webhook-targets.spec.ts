import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { WebhookTargetPolicy, type ResolvedAddress } from './webhook-targets';

const strict = new WebhookTargetPolicy({ allowPrivate: false, allowedCidrs: [] });

describe('webhook target policy (SSRF guard)', () => {
  it.each<[string, string[], boolean]>([
    [
      'refuses loopback, private, link-local, CGNAT, multicast, unspecified and reserved IPv4',
      [
        '127.0.0.1',
        '127.255.0.9',
        '10.1.2.3',
        '172.16.0.1',
        '172.31.255.255',
        '192.168.1.1',
        '169.254.169.254',
        '100.64.0.1',
        '224.0.0.1',
        '0.0.0.0',
        '240.0.0.1',
        '255.255.255.255',
        '192.0.2.10',
        '198.18.0.1',
      ],
      false,
    ],
    [
      'refuses the IPv6 equivalents, and IPv4 hidden inside IPv6',
      [
        '::1',
        '::',
        'fe80::1',
        'fc00::1',
        'fd12:3456::1',
        'ff02::1',
        '::ffff:127.0.0.1',
        '::ffff:7f00:1',
        '::ffff:10.0.0.1',
        '64:ff9b::a9fe:a9fe',
        '2002:7f00:1::',
        '2001:db8::1',
      ],
      false,
    ],
    ['permits public addresses', ['8.8.8.8', '81.2.69.142', '172.32.0.1', '100.128.0.1', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8'], true],
  ])('%s', (_title, addresses, permitted) => {
    for (const address of addresses) assert.equal(strict.permits(address), permitted, address);
  });

  it('permits a non-public range only when configuration allows it', () => {
    const loopback = new WebhookTargetPolicy({ allowPrivate: false, allowedCidrs: ['127.0.0.0/8', '::1/128'] });
    assert.equal(loopback.permits('127.0.0.1'), true);
    assert.equal(loopback.permits('::1'), true);
    assert.equal(loopback.permits('10.0.0.1'), false);
    const all = new WebhookTargetPolicy({ allowPrivate: true, allowedCidrs: [] });
    assert.equal(all.permits('10.0.0.1'), true);
  });

  it('checks URLs: literal forms are normalised before the check', async () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://2130706433/x',
      'http://0x7f.1/x',
      'http://127.1/x',
      'http://[::1]:8080/x',
      'http://[::ffff:7f00:1]/x',
      'https://169.254.169.254/latest/meta-data',
    ]) {
      const check = await strict.check(url);
      assert.equal(check.ok, false, url);
      if (!check.ok) assert.match(check.reason, /non-public address/);
    }
  });

  it('refuses URLs that are not http(s), or carry credentials', async () => {
    assert.deepEqual(await strict.check('ftp://8.8.8.8/x'), { ok: false, reason: 'must be an http or https URL' });
    assert.deepEqual(await strict.check('https://user:pw@8.8.8.8/x'), { ok: false, reason: 'must not carry credentials' });
    assert.deepEqual(await strict.check('not a url'), { ok: false, reason: 'is not a URL' });
  });

  it('resolves names and refuses them when any address is non-public (a name re-pointed inside is caught)', async () => {
    let answer: ResolvedAddress[] = [{ address: '81.2.69.142', family: 4 }];
    const policy = new WebhookTargetPolicy({ allowPrivate: false, allowedCidrs: [] }, async () => answer);
    assert.deepEqual(await policy.check('https://receiver.example.org/hook'), { ok: true, addresses: answer });
    answer = [
      { address: '81.2.69.142', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    assert.equal((await policy.check('https://receiver.example.org/hook')).ok, false);
    const failing = new WebhookTargetPolicy({ allowPrivate: false, allowedCidrs: [] }, async () => {
      throw new Error('ENOTFOUND');
    });
    assert.deepEqual(await failing.check('https://nowhere.example/hook'), { ok: false, reason: 'host nowhere.example does not resolve' });
  });
});
