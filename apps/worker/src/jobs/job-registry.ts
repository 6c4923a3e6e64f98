import { Injectable, OnModuleInit, Optional } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { UnrecoverableError, type Job } from 'bullmq';
import { MetricsService } from '@app/core';
import { ALL_JOB_NAMES, type JobName } from '@app/queue';
import { JOB_HANDLER } from './job-handler.decorator';

type Handler = (job: Job) => Promise<unknown>;

export class JobHandlerMismatchError extends Error {
  constructor(problems: string[]) {
    super(`The worker refuses to start: ${problems.join('; ')}`);
    this.name = 'JobHandlerMismatchError';
  }
}

/**
 * Finds every @JobHandler method at boot and checks the table: each job name
 * declared in libs/queue has exactly one handler, and no handler serves a
 * name that is not declared. Otherwise the worker does not start.
 */
@Injectable()
export class JobRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, Handler>();
  private readonly durations?: ReturnType<MetricsService['histogram']>;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    @Optional() metrics?: MetricsService,
  ) {
    this.durations = metrics?.histogram('csp_job_duration_seconds', 'Jobs run by this worker, by queue, job name and outcome', ['queue', 'job', 'outcome']);
  }

  onModuleInit(): void {
    const found = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<string | undefined>(JOB_HANDLER, fn as (...args: unknown[]) => unknown);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), `${instance.constructor.name}.${method}`]);
        this.handlers.set(name, (fn as Handler).bind(instance));
      }
    }
    this.assertComplete(found);
  }

  /** Throws unless every declared job name has exactly one handler. */
  assertComplete(found: Map<string, string[]>): void {
    const problems: string[] = [];
    for (const name of ALL_JOB_NAMES) {
      const where = found.get(name) ?? [];
      if (where.length === 0) problems.push(`job "${name}" has no handler`);
      if (where.length > 1) problems.push(`job "${name}" has ${where.length} handlers (${where.join(', ')})`);
    }
    for (const name of found.keys()) {
      if (!(ALL_JOB_NAMES as readonly string[]).includes(name)) problems.push(`handler for undeclared job "${name}"`);
    }
    if (problems.length) throw new JobHandlerMismatchError(problems);
  }

  async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    // A job nobody handles will never succeed: fail it without retries.
    if (!handler) throw new UnrecoverableError(`No handler for job "${job.name}"`);
    const end = this.durations?.startTimer({ queue: job.queueName, job: job.name });
    try {
      const result = await handler(job);
      end?.({ outcome: 'completed' });
      return result;
    } catch (err) {
      end?.({ outcome: 'failed' });
      throw err;
    }
  }
}
