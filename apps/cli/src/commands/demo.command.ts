import { Command } from 'nest-commander';
import { withServer } from '../database-tasks';
import { DEMO_PARTNERSHIP, DEMO_PEOPLE, describeDemo, ensureDemoPeople, refusedInProduction, seedDemoData } from '../demo/demo';
import { ConfiguredCommand } from '../configured-command';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * `demo-seed`: what `npm run demo` loads, into the database of DATABASE_URL,
 * through the API (run in this process on the demo's clock). A second run
 * finds the demo there and adds nothing. Refused with NODE_ENV=production.
 */
@Command({
  name: 'demo-seed',
  description: 'Load the demo partnership (a sign-in per role, a year of assessments, problems, meetings, actions, flags, incidents); never in production',
})
export class DemoSeedCommand extends ConfiguredCommand {
  async run(): Promise<void> {
    if (refusedInProduction(this.config)) return;
    await withServer(this.config, async (server) => {
      const people = await ensureDemoPeople(server.config);
      say(`Demo people created: ${people}.`);
      const report = await seedDemoData(server.config);
      say(describeDemo(report));
      say(`Sign-ins for ${DEMO_PARTNERSHIP}:`);
      for (const p of DEMO_PEOPLE) say(`  ${p.role.padEnd(8)} ${p.email.padEnd(28)} ${p.password}`);
    });
  }
}
