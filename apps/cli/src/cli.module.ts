import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@app/core';
import { DbBootstrapCommand, MigrateCommand, MigrationCheckCommand, MigrationGenerateCommand, SeedCommand } from './commands/database.commands';
import { LoadPopulationsCommand } from './commands/accountability.commands';
import { DevCommand } from './commands/dev.command';
import { DemoSeedCommand } from './commands/demo.command';
import { ScanCommand } from './commands/flags.commands';
import { ApiKeyCreateCommand, MemberAddCommand, UserCreateCommand } from './commands/identity.commands';
import { ImportIncidentsCommand } from './commands/intake.commands';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config)],
      providers: [
        DevCommand,
        DemoSeedCommand,
        DbBootstrapCommand,
        MigrateCommand,
        SeedCommand,
        MigrationCheckCommand,
        MigrationGenerateCommand,
        UserCreateCommand,
        MemberAddCommand,
        ApiKeyCreateCommand,
        ScanCommand,
        ImportIncidentsCommand,
        LoadPopulationsCommand,
      ],
    };
  }
}
