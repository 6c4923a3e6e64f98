import { DynamicModule, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  buildDataSourceOptions,
  ConfigModule,
  CoreProvidersModule,
  CrossPartnershipModule,
  DomainError,
  ValidationProblem,
  type AppConfig,
  type Clock,
  type InvalidField,
} from '@app/core';
import { ENTITIES, SCANNERS } from '@app/domain';
import { PopulationsModule } from '@app/domain/accountability';
import { FlagScanModule } from '@app/domain/flags';
import { IntakeScanModule } from '@app/domain/intake';
import { IdentityAdminModule } from '@app/domain/identity';
import { PartnershipsModule } from '@app/domain/partnerships';

/**
 * What every CLI context imports: the configuration, the core providers (on
 * `clock`, the system's unless given) and the default connection, as the
 * application role.
 */
export function appRoleImports(config: AppConfig, options: { clock?: Clock; poolSize?: number } = {}): DynamicModule[] {
  return [
    ConfigModule.forRoot(config),
    CoreProvidersModule.forRoot(options.clock),
    TypeOrmModule.forRoot(buildDataSourceOptions(config, { role: 'app', entities: ENTITIES, poolSize: options.poolSize ?? 2, applicationName: 'csp-cli' })),
  ];
}

/** The domain services a CLI command uses, connected as the application role (RLS applies). */
@Module({})
class CliDomainModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliDomainModule,
      imports: [...appRoleImports(config), PartnershipsModule, IdentityAdminModule, PopulationsModule],
    };
  }
}

export async function withDomainContext<T>(config: AppConfig, work: (ctx: INestApplicationContext) => Promise<T>): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(CliDomainModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** The flag scanners, connected as the worker role (across partnerships), as the worker runs them. */
@Module({})
class CliScanModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CliScanModule,
      imports: [
        // The transaction host of the core providers needs the default (application role) connection.
        ...appRoleImports(config, { clock, poolSize: 1 }),
        CrossPartnershipModule.forRoot(config, ENTITIES, { poolSize: 1, applicationName: 'csp-cli-scan' }),
        FlagScanModule.forRoot(SCANNERS),
        IntakeScanModule,
      ],
    };
  }
}

/** `clock`: the time the scanners judge by (the system's unless given). */
export async function withScanContext<T>(config: AppConfig, work: (ctx: INestApplicationContext) => Promise<T>, clock?: Clock): Promise<T> {
  const ctx = await NestFactory.createApplicationContext(CliScanModule.forRoot(config, clock), { logger: ['error', 'warn'] });
  try {
    await ctx.init();
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** A command's bad input, said on stderr with a failing exit code; anything else is thrown on. */
export function reportValidation(err: unknown): void {
  const errors =
    err instanceof ValidationProblem
      ? err.errors
      : err instanceof DomainError && err.kind === 'invalid'
        ? (err.extensions.errors as InvalidField[] | undefined)
        : undefined;
  if (!errors) throw err;
  for (const e of errors) process.stderr.write(`csp: ${e.path}: ${e.message}\n`);
  process.exitCode = 1;
}
