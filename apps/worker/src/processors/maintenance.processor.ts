import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { QUEUES, WORKER_SETTINGS } from '@app/queue';
import { JobRegistry } from '../jobs/job-registry';
import { RoutedProcessor } from './routed-processor';

/** Consumes the maintenance queue. */
@Processor(QUEUES.maintenance, { ...WORKER_SETTINGS, autorun: true })
export class MaintenanceProcessor extends RoutedProcessor {
  constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
    super(registry, config);
  }
}

/** Consumes the flag scanner jobs. */
@Processor(QUEUES.flags, { ...WORKER_SETTINGS, autorun: true })
export class FlagsProcessor extends RoutedProcessor {
  constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
    super(registry, config);
  }
}

/** Consumes relayed domain events (fan-out to webhook deliveries). */
@Processor(QUEUES.events, { ...WORKER_SETTINGS, autorun: true })
export class EventsProcessor extends RoutedProcessor {
  constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
    super(registry, config);
  }
}

/** Consumes webhook delivery attempts. */
@Processor(QUEUES.webhooks, { ...WORKER_SETTINGS, autorun: true })
export class WebhooksProcessor extends RoutedProcessor {
  constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
    super(registry, config);
  }
}

/** Consumes the intake jobs: repeat scans and file imports. */
@Processor(QUEUES.intake, { ...WORKER_SETTINGS, autorun: true })
export class IntakeProcessor extends RoutedProcessor {
  constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
    super(registry, config);
  }
}

/** Consumes the accountability jobs (figures materialisation, meeting packs). */
@Processor(QUEUES.accountability, { ...WORKER_SETTINGS, autorun: true })
export class AccountabilityProcessor extends RoutedProcessor {
  constructor(registry: JobRegistry, @Inject(APP_CONFIG) config: AppConfig) {
    super(registry, config);
  }
}
