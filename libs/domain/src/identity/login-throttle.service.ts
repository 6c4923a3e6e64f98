import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, REDIS_CLIENT, redisReady, ServiceUnavailableProblem, TooManyRequestsProblem, type AppConfig } from '@app/core';

/**
 * Counts failed sign-ins per account and per client address in Redis (shared
 * by every API instance). Past the limit, sign-ins for that account or from
 * that address are refused with 429 until the window ends, whether or not
 * the account exists. Fails closed: without Redis, sign-in answers 503.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger('LoginThrottle');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  private keys(email: string, address: string): [string, string] {
    const prefix = `${this.config.redis.prefix}:login`;
    const account = createHash('sha256').update(email).digest('hex');
    return [`${prefix}:account:${account}`, `${prefix}:address:${address}`];
  }

  private async ready(): Promise<void> {
    if (!(await redisReady(this.redis))) {
      this.logger.error('Redis is unreachable: sign-in is refused until it is back');
      throw new ServiceUnavailableProblem('Sign-in is temporarily unavailable.');
    }
  }

  /** Throws 429 when the account or the address has used up its failures. */
  async check(email: string, address: string): Promise<void> {
    await this.ready();
    const { maxFailuresPerAccount, maxFailuresPerAddress } = this.config.auth.login;
    const [accountKey, addressKey] = this.keys(email, address);
    const result = await this.redis
      .multi()
      .get(accountKey)
      .pttl(accountKey)
      .get(addressKey)
      .pttl(addressKey)
      .exec();
    const values = (result ?? []).map(([, v]) => v);
    const [accountFails, accountTtl, addressFails, addressTtl] = [Number(values[0] ?? 0), Number(values[1]), Number(values[2] ?? 0), Number(values[3])];
    const waits: number[] = [];
    if (accountFails >= maxFailuresPerAccount) waits.push(accountTtl);
    if (addressFails >= maxFailuresPerAddress) waits.push(addressTtl);
    if (waits.length) {
      const ms = Math.max(...waits.map((w) => (w > 0 ? w : this.config.auth.login.windowSeconds * 1000)));
      throw new TooManyRequestsProblem(ms / 1000, 'Too many failed sign-ins; wait before trying again.');
    }
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

  async recordSuccess(email: string, address: string): Promise<void> {
    await this.ready();
    await this.redis.del(this.keys(email, address)[0]);
  }
}
