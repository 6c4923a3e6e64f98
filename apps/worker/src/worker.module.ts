import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import {
  buildDataSourceOptions,
  ConfigModule,
  CoreProvidersModule,
  CrossPartnershipModule,
  HEALTH_DETAILS,
  HealthModule,
  MetricsModule,
  loggerParams,
  ProblemDetailsFilter,
  RedisModule,
  type AppConfig,
  type Clock,
} from '@app/core';
import { ENTITIES, SCANNERS } from '@app/domain';
import { AuditModule } from '@app/domain/audit';
import { FlagScanModule, FlagsModule, type ScannerDefinition } from '@app/domain/flags';
import { WebhookDeliveryModule } from '@app/domain/notifications';
import { IdempotencyModule } from '@app/domain/idempotency';
import { OperationsModule } from '@app/domain/operations';
import { QueueModule } from '@app/queue';
import { AccountabilityModule } from '@app/domain/accountability';
import { AccountabilityJobs } from './jobs/accountability.jobs';
import { FlagJobs } from './jobs/flag.jobs';
import { HeartbeatJobs } from './jobs/heartbeat.jobs';
import { IdempotencyJobs } from './jobs/idempotency.jobs';
import { JobRegistry } from './jobs/job-registry';
import { WorkerProducers } from './jobs/producers';
import { WebhookJobs } from './jobs/webhook.jobs';
import { WorkerMetrics } from './metrics';
import { WorkerOperations } from './operations';
import { AuditSealerPoller } from './relay/audit-sealer.poller';
import {
  AccountabilityProcessor,
  EventsProcessor,
  FlagsProcessor,
  IntakeProcessor,
  MaintenanceProcessor,
  WebhooksProcessor,
} from './processors/maintenance.processor';
import { IntakeImportModule, IntakeScanModule } from '@app/domain/intake';
import { IntakeJobs } from './jobs/intake.jobs';
import { IntakeSchedulers } from './intake.schedulers';
import { OutboxRelayPoller } from './relay/outbox-relay.poller';
import { SchedulerRegistrar } from './schedulers';

export interface WorkerModuleOptions {
  clock?: Clock;
  /** Scanners beyond SCANNERS (tests). */
  scanners?: readonly ScannerDefinition[];
}

/** The worker: BullMQ processors and job schedulers; HTTP only for health. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      // Global so the health controller finds the worker's readiness details.
      global: true,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        TypeOrmModule.forRoot(buildDataSourceOptions(config, { role: 'app', entities: ENTITIES, applicationName: 'csp-worker' })),
        CrossPartnershipModule.forRoot(config, ENTITIES),
        CoreProvidersModule.forRoot(options.clock),
        RedisModule,
        HealthModule,
        MetricsModule,
        DiscoveryModule,
        QueueModule.register('worker'),
        OperationsModule,
        IdempotencyModule,
        FlagsModule,
        FlagScanModule.forRoot([...SCANNERS, ...(options.scanners ?? [])]),
        WebhookDeliveryModule,
        AuditModule,
        IntakeScanModule,
        IntakeImportModule,
        AccountabilityModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        JobRegistry,
        HeartbeatJobs,
        IdempotencyJobs,
        FlagJobs,
        WebhookJobs,
        AccountabilityJobs,
        WorkerProducers,
        MaintenanceProcessor,
        FlagsProcessor,
        EventsProcessor,
        WebhooksProcessor,
        IntakeJobs,
        IntakeProcessor,
        IntakeSchedulers,
        AccountabilityProcessor,
        SchedulerRegistrar,
        OutboxRelayPoller,
        AuditSealerPoller,
        WorkerOperations,
        WorkerMetrics,
        { provide: HEALTH_DETAILS, useExisting: WorkerOperations },
      ],
      exports: [HEALTH_DETAILS],
    };
  }
}
