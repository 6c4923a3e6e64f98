import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import {
  buildDataSourceOptions,
  Clock,
  ConfigModule,
  CoreProvidersModule,
  createValidationPipe,
  HealthModule,
  loggerParams,
  ProblemDetailsFilter,
  RedisModule,
  type AppConfig,
} from '@app/core';
import { ENTITIES } from '@app/domain';
import { PartnershipsModule } from '@app/domain/partnerships';
import { PartnershipContextInterceptor } from './common/partnership-context.interceptor';
import { AgenciesController, PartnershipsController } from './partnerships/partnerships.controller';

export interface ApiModuleOptions {
  /** Replaces the system clock (tests move time). */
  clock?: Clock;
  /** Database pool size override (tests use one connection to prove no context leaks). */
  poolSize?: number;
}

/** The HTTP application: controllers, DTOs and the edge. Business rules live in libs/domain. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, options: ApiModuleOptions = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerParams(config, 'api')),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(config, { role: 'app', entities: ENTITIES, poolSize: options.poolSize, applicationName: 'csp-api' }),
        }),
        RedisModule,
        HealthModule,
        CoreProvidersModule.forRoot(options.clock),
        PartnershipsModule,
      ],
      controllers: [PartnershipsController, AgenciesController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: PartnershipContextInterceptor },
      ],
    };
  }
}
