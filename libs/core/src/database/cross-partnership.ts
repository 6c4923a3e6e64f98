import { DynamicModule, Global, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySchema, MixedList } from 'typeorm';
import type { AppConfig } from '../config';
import { buildDataSourceOptions } from './data-source-options';

/** Name of the worker's second connection, logged in as the worker role (BYPASSRLS). */
export const CROSS_PARTNERSHIP_CONNECTION = 'cross-partnership';

/**
 * Transactions across every partnership, as the worker role: only for
 * set-based scans (flag scanners, the outbox relay, the delivery dispatcher)
 * whose results re-enter the tenant world as per-partnership rows. Exists in
 * the worker and the CLI only; the API never has it.
 */
@Injectable()
export class CrossPartnershipHost implements OnApplicationBootstrap {
  private readonly logger = new Logger('CrossPartnership');

  constructor(@InjectDataSource(CROSS_PARTNERSHIP_CONNECTION) private readonly dataSource: DataSource) {}

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** A scan under a role that cannot bypass row-level security would see nothing: say so loudly at start. */
  async onApplicationBootstrap(): Promise<void> {
    const [role] = await this.dataSource.query<{ name: string; bypass: boolean }[]>(
      'SELECT current_user AS name, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user',
    );
    if (!role?.bypass) {
      this.logger.error(
        `The worker role ${role?.name} lacks BYPASSRLS: flag scans and the outbox relay will see no partnership rows. ` +
          'Run `cli db-bootstrap` with a superuser login, or ALTER ROLE ... BYPASSRLS.',
      );
    }
  }
}

@Global()
@Module({})
export class CrossPartnershipModule {
  static forRoot(
    config: AppConfig,
    // TypeORM names entity classes by the Function type.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    entities: MixedList<Function | string | EntitySchema>,
    options: { poolSize?: number; applicationName?: string } = {},
  ): DynamicModule {
    return {
      module: CrossPartnershipModule,
      imports: [
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(config, {
            role: 'worker',
            entities,
            poolSize: options.poolSize ?? Math.min(4, config.database.poolSize),
            applicationName: options.applicationName ?? 'csp-worker-scan',
          }),
          name: CROSS_PARTNERSHIP_CONNECTION,
        }),
      ],
      providers: [CrossPartnershipHost],
      exports: [CrossPartnershipHost],
    };
  }
}
