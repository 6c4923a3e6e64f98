import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import {
  buildDataSourceOptions,
  ConfigModule,
  CoreProvidersModule,
  HealthModule,
  loggerParams,
  ProblemDetailsFilter,
  RedisModule,
  type AppConfig,
  type Clock,
} from '@app/core';
import { ENTITIES } from '@app/domain';
import { OperationsModule } from '@app/domain/operations';
import { QueueModule } from '@app/queue';
import { HeartbeatJobs } from './jobs/heartbeat.jobs';
import { JobRegistry } from './jobs/job-registry';
import { MaintenanceProcessor } from './processors/maintenance.processor';
import { SchedulerRegistrar } from './schedulers';

export interface WorkerModuleOptions {
  clock?: Clock;
}

/** The worker: BullMQ processors and job schedulers; HTTP only for health. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: WorkerModuleOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'worker')),
        TypeOrmModule.forRoot(buildDataSourceOptions(config, { role: 'app', entities: ENTITIES, applicationName: 'csp-worker' })),
        CoreProvidersModule.forRoot(options.clock),
        RedisModule,
        HealthModule,
        DiscoveryModule,
        QueueModule.register('worker'),
        OperationsModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        JobRegistry,
        HeartbeatJobs,
        MaintenanceProcessor,
        SchedulerRegistrar,
      ],
    };
  }
}
