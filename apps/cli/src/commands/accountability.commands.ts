import { existsSync, readFileSync, statSync } from 'node:fs';
import { Command } from 'nest-commander';
import { POPULATION_FILE_MAX_BYTES, PopulationsService } from '@app/domain/accountability';
import { reportValidation, withDomainContext } from '../cli-context';
import { withServer } from '../database-tasks';
import { ConfiguredCommand } from '../configured-command';

@Command({
  name: 'load-populations',
  arguments: '<file>',
  description:
    'Load resident populations per council and year from an ONS-style CSV (code,name,year,population): all or nothing, the same council and year replaced',
})
export class LoadPopulationsCommand extends ConfiguredCommand {
  async run([file = '']: string[]): Promise<void> {
    if (!existsSync(file) || statSync(file).size > POPULATION_FILE_MAX_BYTES) {
      process.stderr.write(`csp: no file ${file}, or larger than ${POPULATION_FILE_MAX_BYTES} bytes\n`);
      process.exitCode = 1;
      return;
    }
    await withServer(this.config, async (server) => {
      try {
        const result = await withDomainContext(server.config, (ctx) => ctx.get(PopulationsService).load(readFileSync(file, 'utf8')));
        const codes = result.skippedCodes.length ? ` (${result.skippedCodes.join(', ')}${result.skippedCodes.length === 20 ? ', ...' : ''})` : '';
        process.stdout.write(`loaded ${result.loaded} population row(s) from ${file}; left out ${result.skipped} of other areas${codes}\n`);
      } catch (err) {
        reportValidation(err);
      }
    });
  }
}
