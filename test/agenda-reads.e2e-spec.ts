import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { agencyOf, member, partnershipId } from './support/identity';
import { insertProblem } from './support/problems';
import { createGroup, insertActions, scheduleMeeting, tasking } from './support/tasking';
import { useArranged, useTestApp } from './support/app';

/** A meeting's agenda as a chair first reads it: the first entries of each section, with where the rest is; and its indexed reads. */
describe('agenda answers and reads', () => {
  const t = useTestApp();
  /** Cardiff's id and a chair of its, with a meeting scheduled after 30 actions of its police came due. */
  const cardiff = useArranged(async () => {
    const chair = await member(t, 'cardiff', 'chair');
    const pid = await partnershipId(t, 'cardiff');
    const police = await agencyOf(t, 'cardiff', 'police');
    await insertActions(
      t,
      'cardiff',
      Array.from({ length: 30 }, (_, i) => ({ dueDate: `2026-01-${String(1 + (i % 14)).padStart(2, '0')}`, agencyId: police })),
    );
    const group = await createGroup(t, 'cardiff', chair.auth, { chairUserId: chair.user.id, agencyIds: [police] });
    return { chair, pid, meeting: await scheduleMeeting(t, 'cardiff', chair.auth, group.id, '2026-01-20T10:00:00Z') };
  });

  it('shows 25 entries per section by default, names the sections with more and links to the rest', async () => {
    const res = await t.http
      .get(`${tasking('cardiff')}/meetings/${cardiff.meeting.id}`)
      .set('authorization', cardiff.chair.auth)
      .expect(200);
    const agenda = res.body.agenda;
    assert.equal(agenda.overdueActions.length, 25);
    assert.deepEqual(agenda.truncated, ['overdueActions']);
    assert.deepEqual(agenda.links, { overdueActions: `/api/v1/partnerships/${cardiff.pid}/actions?overdue=true` });
    const dates = agenda.overdueActions.map((a: { dueDate: string }) => a.dueDate);
    assert.deepEqual(dates, [...dates].sort(), 'oldest due date first');

    const all = await t.http
      .get(`${tasking('cardiff')}/meetings/${cardiff.meeting.id}?agendaLimit=200`)
      .set('authorization', cardiff.chair.auth)
      .expect(200);
    assert.equal(all.body.agenda.overdueActions.length, 30);
    assert.deepEqual([all.body.agenda.truncated, all.body.agenda.links], [[], {}]);
    assert.deepEqual(all.body.agenda.overdueActions.slice(0, 25), agenda.overdueActions, 'the default answer is the head of the full one');
    for (const bad of ['0', '201', 'ten']) {
      const refused = await t.http.get(`${tasking('cardiff')}/meetings/${cardiff.meeting.id}?agendaLimit=${bad}`).set('authorization', cardiff.chair.auth);
      assert.equal(refused.status, 400, bad);
    }
  });

  it("reads the problems due for review in the agenda's order from an index, not a sort of the range", async () => {
    for (let i = 0; i < 3; i++) await insertProblem(t, 'cardiff', 'analysis');
    const plan = async (sql: string, params: unknown[]) => {
      const rows = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    };
    await t.db.query('SET enable_seqscan = off');
    try {
      const review = await plan(
        `SELECT p.id FROM problems p WHERE p.partnership_id = $1 AND p.stage <> 'closed' AND p.planned_assessment_date IS NOT NULL AND p.planned_assessment_date < $2::date
          ORDER BY p.planned_assessment_date, p.number LIMIT 201`,
        [cardiff.pid, '2026-03-01'],
      );
      assert.match(review, /ix_problems_for_review/);
      assert.doesNotMatch(review, /Sort/);
    } finally {
      await t.db.query('RESET enable_seqscan');
    }
  });
});
