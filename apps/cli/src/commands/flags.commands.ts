import { Command, Option } from 'nest-commander';
import { FlagScanService } from '@app/domain/flags';
import { withScanContext } from '../cli-context';
import { withServer } from '../database-tasks';
import { ConfiguredCommand } from '../configured-command';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface ScanOptions {
  kind?: string;
  explain?: boolean;
}

@Command({
  name: 'scan',
  description: 'Run the flag scanners now, across every partnership (all kinds, or --kind); prints what each raised and resolved',
})
export class ScanCommand extends ConfiguredCommand {
  @Option({ flags: '--kind <kind>', description: 'Only this scanner kind, e.g. webhook_subscription_disabled' })
  parseKind(value: string): string {
    return value;
  }

  @Option({ flags: '--explain', description: "Print each scanner's query plan instead of scanning" })
  parseExplain(): boolean {
    return true;
  }

  async run(_args: string[], options: ScanOptions): Promise<void> {
    await withServer(this.config, async (server) => {
      await withScanContext(server.config, async (ctx) => {
        const scans = ctx.get(FlagScanService);
        const kinds = options.kind ? [options.kind] : scans.kinds();
        const unknown = kinds.filter((kind) => !scans.kinds().includes(kind));
        if (unknown.length) {
          process.stderr.write(`csp: No scanner for kind "${unknown.join(', ')}" (registered: ${scans.kinds().join(', ')})\n`);
          process.exitCode = 1;
          return;
        }
        for (const kind of kinds) {
          if (options.explain) {
            say(`${kind}:\n${await scans.explain(kind)}\n`);
            continue;
          }
          const r = await scans.scan(kind);
          say(`${kind}: ${r.due} due, ${r.raised} raised, ${r.resolved} resolved (${r.durationMs.toFixed(1)} ms, today ${r.today})`);
        }
      });
    });
  }
}
