import { DynamicModule, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';
import { TransactionHost } from './database/transaction-host';

/** The clock and the transaction host, shared by every module of an app (global). */
@Module({})
export class CoreProvidersModule {
  static forRoot(clock?: Clock): DynamicModule {
    return {
      module: CoreProvidersModule,
      global: true,
      providers: [clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock }, TransactionHost],
      exports: [Clock, TransactionHost],
    };
  }
}
