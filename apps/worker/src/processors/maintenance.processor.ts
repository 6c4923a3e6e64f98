import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { QUEUES, WORKER_SETTINGS } from '@app/queue';
import { JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from './routed-processor';

/**
 * The consumer of a queue: routes each job to its @JobHandler. Each queue's
 * processor below extends one; Nest and the Bull explorer read the queue and
 * the constructor's dependencies from this class.
 */
function consumerOf(queue: string) {
  @Processor(queue, { ...WORKER_SETTINGS, autorun: true })
  class QueueConsumer extends RoutedProcessor {
    constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
      super(registry, config);
    }
  }
  return QueueConsumer;
}

/** Consumes the maintenance queue. */
export class MaintenanceProcessor extends consumerOf(QUEUES.maintenance) {}

/** Consumes the flag scanner jobs. */
export class FlagsProcessor extends consumerOf(QUEUES.flags) {}

/** Consumes relayed domain events (fan-out to webhook deliveries). */
export class EventsProcessor extends consumerOf(QUEUES.events) {}

/** Consumes webhook delivery attempts. */
export class WebhooksProcessor extends consumerOf(QUEUES.webhooks) {}

/** Consumes the intake jobs: repeat scans and file imports. */
export class IntakeProcessor extends consumerOf(QUEUES.intake) {}

/** Consumes the accountability jobs (figures materialisation, meeting packs). */
export class AccountabilityProcessor extends consumerOf(QUEUES.accountability) {}
