import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import type { RedisOptions } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/core/config';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './queue.constants';

export type QueueClientRole = 'producer' | 'worker';

/** Connection options: producers on HTTP paths fail fast; workers wait for Redis forever. */
export function redisConnectionOptions(config: AppConfig, role: QueueClientRole): RedisOptions {
  const url = new URL(config.redis.url);
  const base: RedisOptions = {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname && url.pathname !== '/' ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (attempt: number) => Math.min(attempt * 500, 5000),
  };
  return role === 'producer'
    ? { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 }
    : { ...base, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** Registers BullMQ and every queue, for producers (API, CLI) and the worker alike. */
@Module({})
export class QueueModule {
  static register(role: QueueClientRole): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: redisConnectionOptions(config, role),
            prefix: config.redis.prefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
      ],
      exports: [BullModule],
    };
  }
}
