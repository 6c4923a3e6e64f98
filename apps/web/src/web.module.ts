import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Clock, ConfigModule, SystemClock, type AppConfig } from '@app/core';
import { AuthController } from './auth.controller';
import { HomeController } from './home.controller';
import { ProblemsController } from './problems.controller';
import { ActionsController, FlagsController } from './actions.controller';
import { TaskingController } from './tasking.controller';
import { GovernanceController } from './governance.controller';
import { WebhooksController } from './webhooks.controller';
import { DraftingController } from './drafting.controller';
import { FiguresController } from './figures.controller';
import { CommunityController } from './community.controller';
import { OrganisationSignInController } from './organisation.controller';
import { OrganisationIssuer } from './organisation-issuer';
import { WebErrorsFilter } from './web-errors.filter';
import { Web } from './web';

/** The web console: pages that call the API through its typed client, never the database. */
@Module({})
export class WebModule {
  /** `clock` replaces the system clock (the browser tests give the API's, so both agree on today). */
  static forRoot(config: AppConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: WebModule,
      imports: [ConfigModule.forRoot(config)],
      controllers: [
        AuthController,
        OrganisationSignInController,
        HomeController,
        ProblemsController,
        ActionsController,
        FlagsController,
        TaskingController,
        GovernanceController,
        WebhooksController,
        DraftingController,
        FiguresController,
        CommunityController,
      ],
      providers: [Web, OrganisationIssuer, { provide: Clock, useValue: clock }, { provide: APP_FILTER, useClass: WebErrorsFilter }],
    };
  }
}
