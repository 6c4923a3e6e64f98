import { createReadStream, existsSync } from 'node:fs';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, Option } from 'nest-commander';
import { TransactionHost, type AppConfig } from '@app/core';
import { IMPORT_FORMATS, IncidentImportsService, IntakeImportModule, type ImportFormat } from '@app/domain/intake';
import { PartnershipsService } from '@app/domain/partnerships';
import { appRoleImports, reportValidation } from '../cli-context';
import { withServer } from '../database-tasks';
import { ConfiguredCommand } from '../configured-command';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The intake's import service, connected as the application role (row-level security applies). */
@Module({})
class CliIntakeModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliIntakeModule,
      imports: [...appRoleImports(config), IntakeImportModule],
    };
  }
}

/** A progress bar on a terminal, a line every 10% otherwise. */
function progressBar(): (p: { rows: number; bytes: number; sizeBytes: number }) => void {
  let lastTenth = -1;
  return ({ rows, bytes, sizeBytes }) => {
    const fraction = sizeBytes ? Math.min(1, bytes / sizeBytes) : 0;
    if (process.stderr.isTTY) {
      const width = 30;
      const done = Math.round(fraction * width);
      process.stderr.write(`\r[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${rows} rows`);
      if (fraction >= 1) process.stderr.write('\n');
    } else if (Math.floor(fraction * 10) > lastTenth) {
      lastTenth = Math.floor(fraction * 10);
      process.stderr.write(`${lastTenth * 10}% (${rows} rows)\n`);
    }
  };
}

interface ImportOptions {
  format?: ImportFormat;
}

@Command({
  name: 'import-incidents',
  arguments: '<partnership> <file>',
  description: 'Import a CSV file of incidents into a partnership (code or id) now, as the worker would: checked, then stored all or nothing, with progress',
})
export class ImportIncidentsCommand extends ConfiguredCommand {
  @Option({ flags: '--format <format>', description: `${IMPORT_FORMATS.join(' or ')} (default police-uk-street)` })
  parseFormat(value: string): ImportFormat {
    if (!(IMPORT_FORMATS as readonly string[]).includes(value)) throw new Error(`--format is one of ${IMPORT_FORMATS.join(', ')}`);
    return value as ImportFormat;
  }

  async run([partnership = '', file = '']: string[], options: ImportOptions): Promise<void> {
    if (!existsSync(file)) {
      process.stderr.write(`csp: no file ${file}\n`);
      process.exitCode = 1;
      return;
    }
    await withServer(this.config, async (server) => {
      try {
        const ctx = await NestFactory.createApplicationContext(CliIntakeModule.forRoot(server.config), { logger: ['error', 'warn'] });
        try {
          const tx = ctx.get(TransactionHost);
          const ref = await tx.run(null, () => ctx.get(PartnershipsService).resolve(partnership));
          if (!ref) {
            process.stderr.write(`csp: no partnership ${partnership}\n`);
            process.exitCode = 1;
            return;
          }
          const imports = ctx.get(IncidentImportsService);
          const format = options.format ?? 'police-uk-street';
          const queued = await tx.run(ref.id, () => imports.accept(ref.id, format, createReadStream(file)));
          say(`checked ${file} (${queued.sizeBytes} bytes, ${format}); importing into ${ref.code} as import ${queued.id}`);
          const outcome = await imports.run(ref.id, queued.id, { onProgress: progressBar() });
          const done = await tx.run(ref.id, () => imports.get(ref.id, queued.id));
          say(
            `${outcome.state}: read ${done.rowsRead}, added ${done.added}, already held ${done.alreadyHeld}, outside the area ${done.outsideArea}, rejected ${done.rejected}`,
          );
          for (const r of done.rejections.slice(0, 20)) say(`  line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.reason}`);
          if (done.failure) say(`  ${done.failure}`);
          if (outcome.state !== 'completed') process.exitCode = 1;
        } finally {
          await ctx.close();
        }
      } catch (err) {
        reportValidation(err);
      }
    });
  }
}
