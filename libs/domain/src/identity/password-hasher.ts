import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scryptAsync = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

/** scrypt cost: N = 2^15, r = 8, p = 1 (about 32 MiB and 0.1 s per hash). */
const DEFAULTS = { N: 1 << 15, r: 8, p: 1, keylen: 32 };
const maxmem = (N: number, r: number) => 256 * N * r;

/**
 * Password hashing with scrypt from node:crypto: a random 16-byte salt per
 * password, the parameters stored with the hash so they can be raised later,
 * and a constant-time comparison.
 * Format: `scrypt$N$r$p$<salt base64url>$<hash base64url>`.
 */
export class PasswordHasher {
  constructor(private readonly params = DEFAULTS) {}

  async hash(password: string): Promise<string> {
    const { N, r, p, keylen } = this.params;
    const salt = randomBytes(16);
    const key = await scryptAsync(password.normalize('NFKC'), salt, keylen, { N, r, p, maxmem: maxmem(N, r) * 2 });
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, nText, rText, pText, saltText, keyText, ...extra] = stored.split('$');
    if (scheme !== 'scrypt' || saltText === undefined || keyText === undefined || extra.length) return false;
    const [N = 0, r = 0, p = 0] = [nText, rText, pText].map(Number);
    if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
    const salt = Buffer.from(saltText, 'base64url');
    const expected = Buffer.from(keyText, 'base64url');
    const actual = await scryptAsync(password.normalize('NFKC'), salt, expected.length, { N, r, p, maxmem: maxmem(N, r) * 2 });
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }
}

/** A random password for new accounts: 20 characters, ~120 bits. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
