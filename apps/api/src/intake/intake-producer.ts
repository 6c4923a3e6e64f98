import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { APP_CONFIG, ServiceUnavailableProblem, type AppConfig } from '@app/core';
import { DEFAULT_JOB_OPTIONS, JOBS, QUEUES, redisConnectionOptions, type JobPayloads } from '@app/queue';

/** Queues incident imports for the worker, on a fail-fast Redis connection (job id = import id: queued once). */
@Injectable()
export class IntakeProducer implements OnModuleDestroy {
  private readonly logger = new Logger('IntakeProducer');
  private readonly queue: Queue;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.queue = new Queue(QUEUES.intake, {
      connection: redisConnectionOptions(config, 'producer'),
      prefix: config.redis.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    this.queue.on('error', (err: Error) => this.logger.warn(`Redis unavailable to the intake producer: ${err.message}`));
  }

  async queueImport(payload: JobPayloads['intake.import']): Promise<void> {
    try {
      await this.queue.add(JOBS.importIncidents.name, payload, { jobId: payload.importId });
    } catch (err) {
      this.logger.warn(`could not queue import ${payload.importId}: ${(err as Error).message}`);
      throw new ServiceUnavailableProblem('The import could not be queued (the job queue is unavailable); nothing was kept. Retry later.');
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}

/**
 * Hands `text/csv` request bodies to the route as the raw stream (no body
 * limit, never buffered): the import streams it to disk while checking it.
 */
@Injectable()
export class CsvBodyParser implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    if (!fastify.hasContentTypeParser('text/csv')) {
      fastify.addContentTypeParser('text/csv', { bodyLimit: Number.MAX_SAFE_INTEGER }, (_req, payload, done) => done(null, payload));
    }
  }
}
