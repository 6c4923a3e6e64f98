import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Command } from 'nest-commander';
import { childProcessEnv, pendingSchemaChanges, prepareRoles, redactUrl } from '@app/core';
import { ReferenceDataService } from '@app/domain/partnerships';
import { withDomainContext } from '../cli-context';
import { migrate, ownerOptions, withScratchDatabase, withServer } from '../database-tasks';
import { ConfiguredCommand } from '../configured-command';

const say = (line: string) => process.stdout.write(`${line}\n`);

@Command({ name: 'db-bootstrap', description: 'Create or update the owner, application and worker roles and their grants' })
export class DbBootstrapCommand extends ConfiguredCommand {
  async run(): Promise<void> {
    await withServer(this.config, async (server) => {
      const db = await prepareRoles(server);
      say(`Roles ready on database ${db} (${redactUrl(server.adminUrl)}).`);
    });
  }
}

@Command({ name: 'migrate', description: 'Bootstrap the roles, then run pending migrations as the owner role' })
export class MigrateCommand extends ConfiguredCommand {
  async run(): Promise<void> {
    await withServer(this.config, async (server) => {
      const applied = await migrate(server);
      say(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
    });
  }
}

@Command({ name: 'seed', description: 'Load the Welsh reference data (partnerships, councils, agencies); idempotent' })
export class SeedCommand extends ConfiguredCommand {
  async run(): Promise<void> {
    await withServer(this.config, async (server) => {
      const result = await withDomainContext(server.config, (ctx) => ctx.get(ReferenceDataService).seedWales());
      say(
        `Reference data: ${result.partnershipsCreated} partnership(s), ${result.localAuthoritiesCreated} council(s), ` +
          `${result.agenciesCreated} agency(ies) added.`,
      );
    });
  }
}

@Command({ name: 'migration-check', description: 'Fail when the entities and the migrations disagree (drift check)' })
export class MigrationCheckCommand extends ConfiguredCommand {
  async run(): Promise<void> {
    await withServer(this.config, async (server) => {
      const changes = await withScratchDatabase(server, (config) => pendingSchemaChanges(ownerOptions(config)));
      if (changes.length) {
        say('The entities and the migrations disagree. A migration is needed for:');
        for (const sql of changes) say(`  ${sql}`);
        say('Generate one with: npm run migration:generate -- <Name>');
        process.exitCode = 1;
      } else {
        say('No drift: the migrations produce exactly the schema the entities describe.');
      }
    });
  }
}

@Command({
  name: 'migration-generate',
  arguments: '<name>',
  description: 'Generate a migration with the TypeORM CLI from the difference between the entities and the migrated schema',
})
export class MigrationGenerateCommand extends ConfiguredCommand {
  async run([name = '']: string[]): Promise<void> {
    if (!/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) {
      say('The migration name must be PascalCase, e.g. AddProblemEvaluation.');
      process.exitCode = 2;
      return;
    }
    await withServer(this.config, async (server) => {
      const root = resolve(__dirname, '../../../../..');
      const code = await withScratchDatabase(server, (_config, ownerUrl) => {
        const env = childProcessEnv({ ...server.childEnv, DATABASE_URL: ownerUrl });
        return new Promise<number>((done) => {
          const child = spawn(
            process.execPath,
            [
              resolve(root, 'node_modules/typeorm/cli.js'),
              'migration:generate',
              '-d',
              resolve(root, 'dist/migrations/data-source.js'),
              '--pretty',
              resolve(root, 'migrations', name),
            ],
            { stdio: 'inherit', env },
          );
          child.on('exit', (exitCode) => done(exitCode ?? 1));
        });
      });
      process.exitCode = code;
    });
  }
}
