import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { APP_CONFIG, REDIS_CLIENT, redisReady, type AppConfig } from '@app/core';

interface StorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Fixed window counter with blocking, atomically in one script:
 * KEYS[1] hits, KEYS[2] block marker; ARGV ttl ms, limit, block ms.
 * Returns hits, ms until the window ends, blocked (0/1), ms until unblocked.
 */
const SCRIPT = `
local blockTtl = redis.call('PTTL', KEYS[2])
if blockTtl > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  return { hits, redis.call('PTTL', KEYS[1]), 1, blockTtl }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, ttl, 1, tonumber(ARGV[3]) }
end
return { hits, ttl, 0, 0 }
`;

/** The script as a command of the client: sent once, then called by its SHA-1 (EVALSHA; ioredis loads it again after a Redis restart). */
const COMMAND = 'cspRateLimitWindow';
type WithWindowCommand = Redis & {
  [COMMAND](hitsKey: string, blockedKey: string, ttl: number, limit: number, blockDuration: number): Promise<[number, number, number, number]>;
};

/**
 * The rate limiter's counters in Redis, so every API instance shares them.
 * When Redis is unreachable the limiter lets requests through (and says so
 * in the log) rather than taking the API down with it.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private warned = false;

  private readonly redis: WithWindowCommand;

  constructor(
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 2, lua: SCRIPT });
    this.redis = redis as WithWindowCommand;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<StorageRecord> {
    const base = `${this.config.redis.prefix}:ratelimit:${throttlerName}:${key}`;
    try {
      if (!(await redisReady(this.redis, 1000))) throw new Error('Redis is not connected');
      const [hits, msToExpire, blocked, msToUnblock] = await this.redis[COMMAND](`${base}:hits`, `${base}:blocked`, ttl, limit, blockDuration);
      this.warned = false;
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(msToExpire / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.max(1, Math.ceil(msToUnblock / 1000)),
      };
    } catch (err) {
      if (!this.warned) this.logger.warn(`rate limits not applied: ${err instanceof Error ? err.message : String(err)}`);
      this.warned = true;
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
