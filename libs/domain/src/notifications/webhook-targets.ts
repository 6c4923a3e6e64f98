import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Address ranges webhooks never reach unless configuration allows them:
 * loopback, private, link-local (cloud metadata lives there), CGNAT,
 * multicast, unspecified, reserved and documentation ranges, and their IPv6
 * equivalents. IPv6 forms that embed an IPv4 address are judged by it.
 */
const NON_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];
const NON_PUBLIC_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
];

const nonPublic = new BlockList();
for (const [net, bits] of NON_PUBLIC_V4) nonPublic.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of NON_PUBLIC_V6) nonPublic.addSubnet(net, bits, 'ipv6');

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const groups = expandIpv6(lower);
  if (!groups) return undefined;
  const toV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const [, g1 = 0, g2 = 0, , , , g6 = 0, g7 = 0] = groups;
  // ::ffff:a.b.c.d written in hex, ::a.b.c.d, 64:ff9b::/96
  if (groups.slice(0, 5).every((g) => g === 0) && (groups[5] === 0xffff || groups[5] === 0)) return toV4(g6, g7);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return toV4(g6, g7);
  if (groups[0] === 0x2002) return toV4(g1, g2);
  return undefined;
}

function expandIpv6(address: string): number[] | undefined {
  if (address.includes('.')) return undefined;
  const [head, tail] = address.split('::');
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  if (address.includes('::')) return [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return h.length === 8 ? h : undefined;
}

export interface TargetPolicyOptions {
  allowPrivate: boolean;
  /** Non-public ranges allowed all the same, as CIDRs. */
  allowedCidrs: readonly string[];
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type TargetCheck = { ok: true; addresses: ResolvedAddress[] } | { ok: false; reason: string };

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * The guard against server-side request forgery: a webhook URL is accepted
 * (at creation) and called (at every attempt, so a name re-pointed at an
 * internal address is caught) only when every address its host resolves to
 * is public, or allowed by configuration.
 */
export class WebhookTargetPolicy {
  private readonly allowed = new BlockList();

  constructor(
    private readonly options: TargetPolicyOptions,
    private readonly resolver: Resolver = systemResolver,
  ) {
    for (const cidr of options.allowedCidrs) {
      const [net = '', bits] = cidr.split('/');
      this.allowed.addSubnet(net, Number(bits), isIP(net) === 6 ? 'ipv6' : 'ipv4');
    }
  }

  /** Whether an address may be called. */
  permits(address: string): boolean {
    const family = isIP(address);
    if (!family) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (this.options.allowPrivate || this.allowed.check(address, type)) return true;
    if (family === 6) {
      const v4 = embeddedIpv4(address);
      if (v4 !== undefined) return this.permits(v4);
    }
    return !nonPublic.check(address, type);
  }

  /** Checks the URL's form, resolves its host and checks every address. */
  async check(rawUrl: string): Promise<TargetCheck> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { ok: false, reason: 'is not a URL' };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'must be an http or https URL' };
    if (url.username || url.password) return { ok: false, reason: 'must not carry credentials' };
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let addresses: ResolvedAddress[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
    else {
      try {
        addresses = await this.resolver(host);
      } catch {
        return { ok: false, reason: `host ${host} does not resolve` };
      }
    }
    if (!addresses.length) return { ok: false, reason: `host ${host} does not resolve` };
    const refused = addresses.filter((a) => !this.permits(a.address));
    if (refused.length) {
      return { ok: false, reason: `resolves to a non-public address (${refused.map((a) => a.address).join(', ')}), which webhooks may not target` };
    }
    return { ok: true, addresses };
  }
}
