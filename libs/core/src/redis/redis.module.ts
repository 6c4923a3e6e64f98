import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config';

export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** ioredis options for clients on a request path: fail fast, never queue while Redis is away. */
export function fastFailRedisOptions() {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    lazyConnect: true,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  } as const;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    this.redis.disconnect();
  }
}

/** One shared Redis client for health checks and small reads (not for BullMQ). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const client = new Redis(config.redis.url, fastFailRedisOptions());
        const logger = new Logger('Redis');
        let reported = false;
        client.on('error', (err: Error) => {
          if (!reported) logger.warn(`Redis unavailable: ${err.message}`);
          reported = true;
        });
        client.on('ready', () => {
          reported = false;
        });
        client.connect().catch(() => undefined);
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS_CLIENT],
})
export class RedisModule {}

const connectionFailed = new WeakSet<Redis>();
const watched = new WeakSet<Redis>();

/**
 * Waits (briefly) for a lazily connecting fast-fail client to be ready, so the
 * first requests after start do not fail merely because the connection is
 * still opening. Once a connection attempt has failed it answers at once
 * (callers then fail open or closed without adding latency). Resolves false
 * when Redis is not ready.
 */
export async function redisReady(client: Redis, timeoutMs = 2000): Promise<boolean> {
  if (client.status === 'ready') return true;
  if (connectionFailed.has(client)) return false;
  if (!watched.has(client)) {
    watched.add(client);
    client.on('error', () => connectionFailed.add(client));
    client.on('ready', () => connectionFailed.delete(client));
  }
  if (client.status === 'wait') client.connect().catch(() => undefined);
  return new Promise<boolean>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve(client.status === 'ready');
    };
    const timer = setTimeout(done, timeoutMs);
    client.once('ready', done);
    client.once('error', done);
  });
}
