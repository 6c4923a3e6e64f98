import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { loadConfigOrExit } from '@app/core/config';
import { CliModule } from './cli.module';

function fail(err: Error): never {
  process.stderr.write(`csp: ${err.message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = loadConfigOrExit('csp');
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: fail,
    // An error thrown by a command's run(): nest-commander would print it and exit 0.
    serviceErrorHandler: fail,
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`csp: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
