import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '@app/core/config';
import { CliModule } from './cli.module';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`csp: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  await CommandFactory.run(CliModule.forRoot(config), { logger: ['error', 'warn'], errorHandler: (err) => {
    process.stderr.write(`csp: ${err.message}\n`);
    process.exit(1);
  } });
}

main().catch((err: unknown) => {
  process.stderr.write(`csp: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
