import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, DiscoveryModule } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import {
  APP_CONFIG,
  buildDataSourceOptions,
  Clock,
  ConfigModule,
  CoreProvidersModule,
  createValidationPipe,
  HealthModule,
  MetricsModule,
  loggerParams,
  ProblemDetailsFilter,
  RedisModule,
  type AppConfig,
} from '@app/core';
import { ENTITIES } from '@app/domain';
import { AssessmentsModule } from '@app/domain/assessments';
import { AuditModule } from '@app/domain/audit';
import { FlagsModule } from '@app/domain/flags';
import { WebhooksModule } from '@app/domain/notifications';
import { IdentityModule } from '@app/domain/identity';
import { PartnershipsModule } from '@app/domain/partnerships';
import { StrategyModule } from '@app/domain/strategy';
import { StrategicAssessmentsController } from './assessments/strategic-assessments.controller';
import { FlagsController } from './flags/flags.controller';
import { WebhooksController } from './webhooks/webhooks.controller';
import { ProblemsModule } from '@app/domain/problems';
import { IdempotencyModule } from '@app/domain/idempotency';
import { EtagInterceptor } from './common/edge';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { TaskingModule } from '@app/domain/tasking';
import { CommunityModule } from '@app/domain/community';
import { EngagementIssuesController, EngagementsController } from './community/engagements.controller';
import { CommunityViewsController, IntelligenceController, IntelligenceSourcesController } from './community/intelligence.controller';
import { YouSaidWeDidController } from './community/you-said-we-did.controller';
import { PartnershipContextInterceptor } from './common/partnership-context.interceptor';
import { ApiKeysController } from './identity/api-keys.controller';
import { AuditController } from './identity/audit.controller';
import { AuthController } from './identity/auth.controller';
import { MembersController } from './identity/members.controller';
import { UsersController } from './identity/users.controller';
import { AgenciesController, PartnershipsController } from './partnerships/partnerships.controller';
import { ProblemCategoriesController, ProblemsController } from './problems/problems.controller';
import { ProblemStageCountsController } from './problems/problem-stage-counts.controller';
import { AccountabilityModule } from '@app/domain/accountability';
import { FiguresController } from './accountability/figures.controller';
import { MeetingPacksController } from './accountability/meeting-packs.controller';
import { OversightController } from './accountability/oversight.controller';
import { PopulationsController } from './accountability/populations.controller';
import { AccessGuard } from './security/access.guard';
import { AuthenticationGuard, RequestContextGuard } from './security/authentication.guard';
import { AddressCounter, RateLimitGuard, throttlerOptions } from './security/rate-limit.guard';
import { RedisThrottlerStorage } from './security/redis-throttler.storage';
import { RouteTable } from './security/route-table';
import { ControlStrategiesController } from './strategy/control-strategies.controller';
import { ActionsController, AgencyPerformanceController } from './tasking/actions.controller';
import { MeetingsController } from './tasking/meetings.controller';
import { TaskingGroupsController } from './tasking/tasking-groups.controller';
import { IntakeModule } from '@app/domain/intake';
import { INTAKE_CONTROLLERS, INTAKE_PROVIDERS } from './intake';

export interface ApiModuleOptions {
  /** Replaces the system clock (tests move time). */
  clock?: Clock;
  /** Database pool size override (tests use one connection to prove no context leaks). */
  poolSize?: number;
}

/** The Redis-backed store of the rate limiter, for ThrottlerModule.forRootAsync and the address counter. */
@Module({ providers: [RedisThrottlerStorage, AddressCounter], exports: [RedisThrottlerStorage, AddressCounter] })
class RateLimitStoreModule {}

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
        MetricsModule,
        CoreProvidersModule.forRoot(options.clock),
        DiscoveryModule,
        ThrottlerModule.forRootAsync({
          imports: [RateLimitStoreModule],
          inject: [APP_CONFIG, RedisThrottlerStorage],
          useFactory: (cfg: AppConfig, storage: RedisThrottlerStorage) => throttlerOptions(cfg, storage),
        }),
        RateLimitStoreModule,
        PartnershipsModule,
        AuditModule,
        IdentityModule,
        AssessmentsModule,
        StrategyModule,
        FlagsModule,
        WebhooksModule,
        ProblemsModule,
        IdempotencyModule,
        TaskingModule,
        CommunityModule,
        IntakeModule,
        AccountabilityModule,
      ],
      controllers: [
        PartnershipsController,
        AgenciesController,
        AuthController,
        UsersController,
        MembersController,
        ApiKeysController,
        AuditController,
        StrategicAssessmentsController,
        ControlStrategiesController,
        FlagsController,
        WebhooksController,
        ProblemsController,
        ProblemCategoriesController,
        ProblemStageCountsController,
        TaskingGroupsController,
        MeetingsController,
        ActionsController,
        AgencyPerformanceController,
        EngagementsController,
        EngagementIssuesController,
        IntelligenceController,
        IntelligenceSourcesController,
        CommunityViewsController,
        YouSaidWeDidController,
        ...INTAKE_CONTROLLERS,
        FiguresController,
        MeetingPacksController,
        OversightController,
        PopulationsController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        // Guards run in this order: who the caller claims to be, how often,
        // who they are (the request's transaction begins), may they.
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: RequestContextGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        // Outermost first: the idempotency claim wraps the request's own transaction.
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_INTERCEPTOR, useClass: PartnershipContextInterceptor },
        // Innermost: sets the ETag of a versioned resource from what the handler returned.
        { provide: APP_INTERCEPTOR, useClass: EtagInterceptor },
        RouteTable,
        ...INTAKE_PROVIDERS,
      ],
    };
  }
}
