import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, CommonErrors, REDIS_CLIENT, redisReady, type AppConfig } from '@app/core';

/**
 * Counts failed sign-ins in Redis (shared by every API instance), as the
 * OWASP Authentication Cheat Sheet advises against lock-out abuse:
 * - per (account, address) pair: past the limit that pair gets 429 until the
 *   window ends, so a stranger's failures lock out only the stranger;
 * - per address: past its limit the address gets 429 (one client trying many
 *   accounts);
 * - per account, from all addresses: past the limit the account is under
 *   attack, and every sign-in to it is slowed (LOGIN_SLOWDOWN_MS), the right
 *   password included, but never refused.
 * The same for existing and unknown accounts. Fails closed: without Redis,
 * sign-in answers 503.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  /** [pair, address, account] counter keys. */
  private keys(email: string, address: string): [string, string, string] {
    const prefix = `${this.config.redis.prefix}:login`;
    const account = createHash('sha256').update(email).digest('hex');
    const pair = createHash('sha256').update(`${email}\u0000${address}`).digest('hex');
    return [`${prefix}:pair:${pair}`, `${prefix}:address:${address}`, `${prefix}:account:${account}`];
  }

  private async ready(): Promise<void> {
    if (!(await redisReady(this.redis))) {
      this.logger.error('Redis is unreachable: sign-in is refused until it is back');
      throw CommonErrors.unavailable.error('Sign-in is temporarily unavailable.');
    }
  }

  /** Throws 429 when the pair or the address has used up its failures; waits when the account is under attack. */
  async check(email: string, address: string): Promise<void> {
    await this.ready();
    const { maxFailuresPerAccount, maxFailuresPerAddress, slowdownMs } = this.config.auth.login;
    const [pairKey, addressKey, accountKey] = this.keys(email, address);
    const result = await this.redis.multi().get(pairKey).pttl(pairKey).get(addressKey).pttl(addressKey).get(accountKey).exec();
    const values = (result ?? []).map(([, v]) => v);
    const [pairFails = 0, pairTtl = 0, addressFails = 0, addressTtl = 0, accountFails = 0] = [0, 1, 2, 3, 4].map((i) => Number(values[i] ?? 0));
    const waits: number[] = [];
    if (pairFails >= maxFailuresPerAccount) waits.push(pairTtl);
    if (addressFails >= maxFailuresPerAddress) waits.push(addressTtl);
    if (waits.length) {
      const ms = Math.max(...waits.map((w) => (w > 0 ? w : this.config.auth.login.windowSeconds * 1000)));
      throw CommonErrors.rateLimited.error('Too many failed sign-ins; wait before trying again.', { retryAfter: Math.max(1, Math.ceil(ms / 1000)) });
    }
    if (accountFails >= maxFailuresPerAccount && slowdownMs > 0) await new Promise((done) => setTimeout(done, slowdownMs));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await this.ready();
    const windowMs = this.config.auth.login.windowSeconds * 1000;
    const multi = this.redis.multi();
    for (const key of this.keys(email, address)) {
      multi.incr(key);
      multi.pexpire(key, windowMs, 'NX');
    }
    await multi.exec();
  }

  /** The pair starts again; the account's count stays, so an attack in progress keeps being slowed. */
  async recordSuccess(email: string, address: string): Promise<void> {
    await this.ready();
    await this.redis.del(this.keys(email, address)[0]);
  }
}
