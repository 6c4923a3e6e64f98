import { Controller, Get, Inject, Injectable, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from '../redis';
import { Public } from '../security/public.decorator';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async pingCheck(key: 'redis') {
    const indicator = this.indicators.check(key);
    try {
      if (this.redis.status !== 'ready') throw new Error(`connection is ${this.redis.status}`);
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), 1000).unref());
      await Promise.race([this.redis.ping(), timeout]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : 'unreachable' });
    }
  }
}

/** Extra, informational readiness details a process adds (the worker: queues, outbox, scans); never fails readiness. */
export interface HealthDetails {
  details(): Promise<Record<string, unknown>>;
}
export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');

@Injectable()
export class DetailsHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(HEALTH_DETAILS) private readonly source?: HealthDetails,
  ) {}

  get present(): boolean {
    return this.source !== undefined;
  }

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      return indicator.up(await this.source!.details());
    } catch (err) {
      return indicator.up({ unavailable: err instanceof Error ? err.message : String(err) });
    }
  }
}

/** Liveness (the process answers) and readiness (its database and Redis answer). */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly details: DetailsHealthIndicator,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is running' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer (503 otherwise)' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 1500 }),
      () => this.redis.pingCheck('redis'),
      ...(this.details.present ? [() => this.details.check('worker')] : []),
    ]);
  }
}
