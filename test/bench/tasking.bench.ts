import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { FlagScanService } from '@app/domain/flags';
import { createTestApp, createTestWorker, firstOf, type TestApp, type TestWorker } from '@app/testing';
import { agencyOf, member, partnershipId } from '../support/identity';
import { createGroup, generateActions, scheduleMeeting, tasking } from '../support/tasking';
import { client } from '../support/http';
import { median, say, timed } from './measure';

/**
 * `npm run bench`: tasking over many actions. BENCH_ACTIONS (default 200000)
 * actions spread over every partnership, a tenth of them overdue and a tenth
 * done; then the action_overdue scan, one partnership's agenda (computed on
 * read), its overdue list and its agency performance. Prints figures;
 * asserts nothing about speed. Test clock: 2026-01-15T10:00Z.
 */
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 200_000);

describe('benchmark: tasking', () => {
  let t: TestApp;
  let w: TestWorker;

  beforeAll(async () => {
    t = await createTestApp({ env: { SCAN_INTERVAL_MINUTES: '1440' } });
    w = await createTestWorker({ environment: t });
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it(`scans, builds an agenda and rates agencies over ${ACTIONS} actions`, async () => {
    // Every partnership's agencies; actions spread across them.
    await generateActions(t, ACTIONS);
    await t.db.query('ANALYZE actions');
    const scans = w.app.get(FlagScanService);
    const first = await scans.scan('action_overdue');
    say(`action_overdue scan raising ${first.raised} flags over ${ACTIONS} actions: ${first.durationMs.toFixed(0)} ms`);
    const again = await scans.scan('action_overdue');
    say(`action_overdue scan again (${again.due} due, nothing new): ${again.durationMs.toFixed(0)} ms`);
    // The relay would now deliver the flag.raised events; take them off its hands so the timings below are the API's alone.
    await t.db.query('UPDATE outbox_events SET relayed_at = now() WHERE relayed_at IS NULL');

    const chair = await member(t, 'cardiff', 'chair');
    const police = await agencyOf(t, 'cardiff', 'police');
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police] });
    const meeting = await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-20T18:00:00Z');
    const { n } = firstOf(
      await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM actions WHERE partnership_id = $1', [await partnershipId(t, 'cardiff')]),
    );
    const api = client(t, chair.auth);
    const runs: number[] = [];
    for (let i = 0; i < 10; i++) runs.push((await timed(() => api.get(`${tasking('cardiff')}/meetings/${meeting.id}`).expect(200)))[1]);
    say(`GET a scheduled meeting (agenda computed on read; ${n} actions in the partnership): median ${median(runs).toFixed(1)} ms`);
    const lists: number[] = [];
    for (let i = 0; i < 10; i++) lists.push((await timed(() => api.get(`${tasking('cardiff')}/actions?overdue=true&limit=100`).expect(200)))[1]);
    say(`GET actions?overdue=true&limit=100: median ${median(lists).toFixed(1)} ms`);
    const reports: number[] = [];
    for (let i = 0; i < 10; i++) reports.push((await timed(() => api.get(`${tasking('cardiff')}/agency-performance`).expect(200)))[1]);
    say(`GET agency-performance (12 months): median ${median(reports).toFixed(1)} ms`);
  });
});
