import { DynamicModule, Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions, ConfigModule, CoreProvidersModule, type AppConfig } from '@app/core';
import { ENTITIES } from '@app/domain';
import { IdentityAdminModule } from '@app/domain/identity';
import { PartnershipsModule } from '@app/domain/partnerships';

/** The domain services a CLI command uses, connected as the application role (RLS applies). */
@Module({})
class CliDomainModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliDomainModule,
      imports: [
        ConfigModule.forRoot(config),
        CoreProvidersModule.forRoot(),
        TypeOrmModule.forRoot(buildDataSourceOptions(config, { role: 'app', entities: ENTITIES, poolSize: 2, applicationName: 'csp-cli' })),
        PartnershipsModule,
        IdentityAdminModule,
      ],
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
