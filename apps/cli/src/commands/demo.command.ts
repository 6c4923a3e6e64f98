import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { APP_CONFIG, type AppConfig } from '@app/core';
import { openServer } from '../database-tasks';
import { DEMO_PARTNERSHIP, DEMO_PEOPLE, describeDemo, ensureDemoPeople, refusedInProduction, scanRepeatLocations, seedDemoData } from '../demo/demo';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `demo-seed --api-url <url>`: what `npm run demo` loads, into the database of
 * DATABASE_URL through the API running at that address. A second run finds the
 * demo there and adds nothing. Refused with NODE_ENV=production.
 */
@Command({ name: 'demo-seed', description: 'Load the demo partnership (a sign-in per role, problems, meetings, incidents) through a running API; never in production' })
export class DemoSeedCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  @Option({ flags: '--api-url <url>', description: 'The running API (default: API_URL)' })
  parseApiUrl(value: string): string {
    return value;
  }

  async run(_args: string[], options: { apiUrl?: string }): Promise<void> {
    if (refusedInProduction(this.config)) return;
    const server = await openServer(this.config);
    try {
      const people = await ensureDemoPeople(server.config);
      say(`Demo people created: ${people}.`);
      const report = await seedDemoData(options.apiUrl ?? this.config.web.apiUrl, () => scanRepeatLocations(server.config));
      say(describeDemo(report));
      say(`Sign-ins for ${DEMO_PARTNERSHIP}:`);
      for (const p of DEMO_PEOPLE) say(`  ${p.role.padEnd(8)} ${p.email.padEnd(28)} ${p.password}`);
    } finally {
      await server.stop();
    }
  }
}
