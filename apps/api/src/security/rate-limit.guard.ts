import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import { APP_CONFIG, TooManyRequestsProblem, type AppConfig } from '@app/core';
import type { ApiRequest } from './api-request';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** The one throttler; 'default' keeps the header names plain: Retry-After, X-RateLimit-Limit... */
const THROTTLER = 'default';

/** One counter per caller across every route (not one per route): the guard and the address counter share it. */
function counterKey(name: string, tracker: string): string {
  return `${name}:${tracker}`;
}

function addressTracker(request: ApiRequest): string {
  return `address:${request.clientAddress ?? request.ip}`;
}

function tracker(request: ApiRequest): string {
  return request.identified?.tracker ?? addressTracker(request);
}

/**
 * The request rate limit, per user or API key, and per client address for
 * callers without valid credentials (including sign-in attempts). Runs after
 * the authentication guard has identified the caller without the database
 * and before the request takes a database connection, so the round trip to
 * Redis never holds one; counters live in Redis.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return tracker(req as unknown as ApiRequest);
  }

  /** One counter per caller across every route (not one per route). */
  protected override generateKey(_context: ExecutionContext, suffix: string, name: string): string {
    return counterKey(name, suffix);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const url = context.switchToHttp().getRequest<ApiRequest>().url;
    return url.startsWith('/health/');
  }
}

export function throttlerOptions(config: AppConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const { windowSeconds, perPrincipal, perAddress } = config.rateLimit;
  return {
    storage,
    errorMessage: 'Too many requests; slow down and retry after the time in Retry-After.',
    throttlers: [
      {
        name: THROTTLER,
        ttl: windowSeconds * 1000,
        limit: (context: ExecutionContext) => (context.switchToHttp().getRequest<ApiRequest>().identified ? perPrincipal : perAddress),
      },
    ],
  };
}

/**
 * Counts a request against its address's limit after the fact: credentials
 * that looked right but were refused by the database (an unknown or revoked
 * API key, a disabled account) were counted as their claimed caller, and a
 * caller trying keys must still meet the address's limit: once it is
 * exceeded the answer is 429, as for any caller without valid credentials.
 */
@Injectable()
export class AddressCounter {
  constructor(
    private readonly storage: RedisThrottlerStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async count(request: ApiRequest): Promise<void> {
    const ttl = this.config.rateLimit.windowSeconds * 1000;
    const record = await this.storage.increment(counterKey(THROTTLER, addressTracker(request)), ttl, this.config.rateLimit.perAddress, ttl, THROTTLER);
    if (record.isBlocked)
      throw new TooManyRequestsProblem(record.timeToBlockExpire, 'Too many requests with credentials that are not valid; retry after the time in Retry-After.');
  }
}
