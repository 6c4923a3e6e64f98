import assert from 'node:assert/strict';
import { beforeAll, describe, it } from '@jest/globals';
import { TransactionHost } from '@app/core';
import { firstOf } from '@app/testing';
import { agenciesOf, agencyOf, bearersOf, member, partnershipId } from './support/identity';
import { expectProblem } from './support/problem-details';
import { addResponse, advance, BASELINE, createProblem, evaluationBody, problemAt, problemsOf, TRIANGLE } from './support/problems';
import { auditOf, count, outboxOf } from './support/database';
import { client, etagOf } from './support/http';
import { useTestApp } from './support/app';

const CARDIFF = problemsOf('cardiff');

describe('SARA stages, responses and evaluation', () => {
  // Tokens that outlive the clock moves below (a few hours).
  const t = useTestApp({ env: { AUTH_TOKEN_TTL_SECONDS: '86400' } });
  let analyst: string;
  let chair: string;
  let policePartner: string;
  let councilPartner: string;
  let police: string;
  let council: string;
  let newportAgency: string;

  /** Rows a refused request must not have written. */
  const traces = async (id: string) => ({
    outbox: await count(t, 'outbox_events WHERE subject_id = $1', [id]),
    history: await count(t, 'problem_stage_changes WHERE problem_id = $1', [id]),
    audit: await count(t, `audit_events WHERE target_id = $1 AND action <> 'problem.read'`, [id]),
    row: (await t.db.query('SELECT stage, version, evaluated_at FROM problems WHERE id = $1', [id]))[0],
  });

  /** Sends `to`, expects the refusal, and checks nothing was written. */
  async function refused(id: string, to: string, status: number, slug: string) {
    const before = await traces(id);
    const res = await client(t, analyst).post(`${CARDIFF}/${id}/advance`).send({ to });
    const body = expectProblem(res, status, slug);
    assert.deepEqual(await traces(id), before, `${slug} wrote nothing`);
    return body;
  }

  beforeAll(async () => {
    ({ police, local_authority: council } = await agenciesOf(t, 'cardiff', ['police', 'local_authority']));
    newportAgency = await agencyOf(t, 'newport', 'police');
    ({ analyst, chair } = await bearersOf(t, 'cardiff', ['analyst', 'chair']));
    policePartner = (await member(t, 'cardiff', 'partner', police)).auth;
    councilPartner = (await member(t, 'cardiff', 'partner', council)).auth;
  });

  it('moves through every stage when each need is met, recording who and when, with an event and an audit row each time', async () => {
    const problem = await createProblem(t, 'cardiff', analyst, { plannedAssessmentDate: '2026-07-31' });
    const id = problem.id;
    const steps: [string, () => Promise<unknown>][] = [
      ['analysis', async () => undefined],
      [
        'response',
        () =>
          client(t, analyst)
            .put(`${CARDIFF}/${id}/analysis`)
            .send({ triangle: { location: 'The parade of shops' }, baseline: BASELINE })
            .expect(200),
      ],
      ['assessment', () => addResponse(t, 'cardiff', analyst, id, { ownerAgencyId: police })],
      [
        'closed',
        async () => {
          const { body } = await client(t, analyst).get(`${CARDIFF}/${id}`).expect(200);
          await client(t, analyst)
            .put(`${CARDIFF}/${id}/evaluation`)
            .send(evaluationBody(body.responses.map((r: { id: string }) => r.id)))
            .expect(200);
        },
      ],
    ];
    let from = 'scanning';
    for (const [to, prepare] of steps) {
      t.clock.advance(3_600_000);
      await prepare();
      const before = await client(t, analyst).get(`${CARDIFF}/${id}`).expect(200);
      const res = await client(t, chair).post(`${CARDIFF}/${id}/advance`).set('if-match', etagOf(before)).send({ to });
      assert.equal(res.status, 200, `${from} -> ${to}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.stage, to);
      assert.equal(res.body.stageChangedAt, t.clock.now().toISOString());
      assert.notEqual(res.headers.etag, before.headers.etag);
      from = to;
    }
    const history = await client(t, analyst).get(`${CARDIFF}/${id}/history`).expect(200);
    assert.deepEqual(
      history.body.items.map((h: { kind: string; from: string | null; to: string }) => [h.kind, h.from, h.to]),
      [
        ['created', null, 'scanning'],
        ['advanced', 'scanning', 'analysis'],
        ['advanced', 'analysis', 'response'],
        ['advanced', 'response', 'assessment'],
        ['advanced', 'assessment', 'closed'],
      ],
    );
    assert.ok(history.body.items.slice(1).every((h: { changedBy: { type: string } }) => h.changedBy.type === 'user'));
    const start = Date.parse(history.body.items[0].changedAt);
    assert.deepEqual(
      history.body.items.map((h: { changedAt: string }) => (Date.parse(h.changedAt) - start) / 3_600_000),
      [0, 1, 2, 3, 4],
    );
    const page = await client(t, analyst).get(`${CARDIFF}/${id}/history?limit=2`).expect(200);
    const rest = await client(t, analyst).get(`${CARDIFF}/${id}/history?limit=10&cursor=${page.body.nextCursor}`).expect(200);
    assert.deepEqual(
      [...page.body.items, ...rest.body.items].map((h: { id: string }) => h.id),
      history.body.items.map((h: { id: string }) => h.id),
    );

    const events = (await outboxOf(t, id)).filter((e) => e.type === 'problem.stage_changed');
    assert.deepEqual(
      events.map((e) => [e.data.from, e.data.to, e.data.reference, e.data.reopened]),
      [
        ['scanning', 'analysis', problem.reference, false],
        ['analysis', 'response', problem.reference, false],
        ['response', 'assessment', problem.reference, false],
        ['assessment', 'closed', problem.reference, false],
      ],
    );
    assert.deepEqual(Object.keys(firstOf(events).data).sort(), ['from', 'link', 'problemId', 'reference', 'reopened', 'to']);
    const audit = await auditOf(t, id);
    assert.deepEqual(
      audit.filter((a) => a.action === 'problem.stage_changed').map((a) => a.details.to),
      ['analysis', 'response', 'assessment', 'closed'],
    );
    assert.deepEqual(
      audit.map((a) => a.action).filter((a) => a !== 'problem.read' && a !== 'problem.stage_changed'),
      ['problem.created', 'problem.analysis_recorded', 'problem.evaluation_recorded'],
    );
  });

  it('refuses to skip a stage, go back, stay, or move a closed problem (409), writing nothing', async () => {
    const scanning = await createProblem(t, 'cardiff', analyst);
    const skip = await refused(scanning.id, 'response', 409, 'stage-transition-not-allowed');
    assert.deepEqual([skip.stage, skip.to, skip.next], ['scanning', 'response', 'analysis']);
    await refused(scanning.id, 'closed', 409, 'stage-transition-not-allowed');
    await refused(scanning.id, 'scanning', 409, 'stage-transition-not-allowed');
    const { problem: atAssessment } = await problemAt(t, 'cardiff', analyst, 'assessment', police);
    await refused(atAssessment.id, 'response', 409, 'stage-transition-not-allowed');
    await refused(atAssessment.id, 'scanning', 409, 'stage-transition-not-allowed');
    const { problem: closed } = await problemAt(t, 'cardiff', analyst, 'closed', police);
    await refused(closed.id, 'analysis', 409, 'problem-closed');
    expectProblem(await client(t, analyst).post(`${CARDIFF}/${closed.id}/advance`).send({ to: 'archived' }), 400, 'validation');
  });

  it('analysis needs the scanning fields (422 scanning-incomplete)', async () => {
    const problem = await createProblem(t, 'cardiff', analyst, { description: null });
    const body = await refused(problem.id, 'analysis', 422, 'scanning-incomplete');
    assert.deepEqual(body.missing, ['description']);
    await client(t, analyst).patch(`${CARDIFF}/${problem.id}`).send({ description: 'Now described' }).expect(200);
    await advance(t, 'cardiff', analyst, problem.id, 'analysis');
  });

  it('response needs an analysis (analysis-required), a triangle side (triangle-side-required) and a baseline (baseline-required)', async () => {
    const problem = await createProblem(t, 'cardiff', analyst);
    // The analysis is written from the analysis stage on.
    expectProblem(await client(t, analyst).put(`${CARDIFF}/${problem.id}/analysis`).send({ triangle: TRIANGLE }), 409, 'not-allowed-at-stage');
    await advance(t, 'cardiff', analyst, problem.id, 'analysis');
    await refused(problem.id, 'response', 422, 'analysis-required');
    await client(t, analyst)
      .put(`${CARDIFF}/${problem.id}/analysis`)
      .send({ triangle: { offender: '  ', victim: null }, baseline: BASELINE })
      .expect(200);
    await refused(problem.id, 'response', 422, 'triangle-side-required');
    const noBaseline = await client(t, analyst)
      .put(`${CARDIFF}/${problem.id}/analysis`)
      .send({ triangle: { guardian: 'Shop managers' }, repeatPatterns: ['repeat_victim'] })
      .expect(200);
    assert.deepEqual([noBaseline.body.analysis.sidesAnalysed, noBaseline.body.analysis.baseline], [['victim'], null]);
    await refused(problem.id, 'response', 422, 'baseline-required');
    const full = await client(t, analyst)
      .put(`${CARDIFF}/${problem.id}/analysis`)
      .send({ triangle: TRIANGLE, repeatPatterns: ['repeat_offender', 'repeat_location'], baseline: BASELINE })
      .expect(200);
    assert.deepEqual(full.body.analysis.triangle, TRIANGLE);
    assert.deepEqual(full.body.analysis.repeatPatterns, ['repeat_offender', 'repeat_location']);
    assert.deepEqual(full.body.analysis.baseline, BASELINE);
    await advance(t, 'cardiff', analyst, problem.id, 'response');
    // Bad analysis input.
    for (const body of [
      { triangle: TRIANGLE, repeatPatterns: ['repeat_wolf'] },
      { triangle: TRIANGLE, baseline: { ...BASELINE, periodEnd: '2025-09-30' } },
      { triangle: TRIANGLE, baseline: { ...BASELINE, value: 'forty' } },
      { triangle: { ...TRIANGLE, accomplice: 'x' } },
      { repeatPatterns: [] },
    ]) {
      expectProblem(await client(t, analyst).put(`${CARDIFF}/${problem.id}/analysis`).send(body), 400, 'validation');
    }
  });

  it('assessment needs a response that is not cancelled (response-required) and a planned assessment date', async () => {
    const { problem } = await problemAt(t, 'cardiff', analyst, 'analysis', police);
    // Responses are added at the response stage.
    expectProblem(
      await client(t, analyst)
        .post(`${CARDIFF}/${problem.id}/responses`)
        .send({ description: 'Too early', type: 'education', ownerAgencyId: police, startDate: '2026-02-01' }),
      409,
      'not-allowed-at-stage',
    );
    await advance(t, 'cardiff', analyst, problem.id, 'response');
    await client(t, analyst).patch(`${CARDIFF}/${problem.id}`).send({ plannedAssessmentDate: null }).expect(200);
    await refused(problem.id, 'assessment', 422, 'response-required');
    const cancelled = await addResponse(t, 'cardiff', analyst, problem.id, { ownerAgencyId: council, type: 'target_hardening', status: 'cancelled' });
    assert.equal(cancelled.status, 'cancelled');
    await refused(problem.id, 'assessment', 422, 'response-required');
    await addResponse(t, 'cardiff', analyst, problem.id, { ownerAgencyId: police });
    await refused(problem.id, 'assessment', 422, 'planned-assessment-date-required');
    await client(t, analyst).patch(`${CARDIFF}/${problem.id}`).send({ plannedAssessmentDate: '2026-06-30' }).expect(200);
    await advance(t, 'cardiff', analyst, problem.id, 'assessment');
  });

  it('closing needs an evaluation (evaluation-required) whose process part covers every response', async () => {
    const { problem, responseId } = await problemAt(t, 'cardiff', analyst, 'response', police);
    const second = await addResponse(t, 'cardiff', analyst, problem.id, {
      ownerAgencyId: council,
      type: 'environmental_design',
      description: 'Better lighting on the parade',
    });
    // The evaluation is written at assessment.
    expectProblem(
      await client(t, analyst)
        .put(`${CARDIFF}/${problem.id}/evaluation`)
        .send(evaluationBody([responseId!])),
      409,
      'not-allowed-at-stage',
    );
    await advance(t, 'cardiff', analyst, problem.id, 'assessment');
    const noEvaluation = await refused(problem.id, 'closed', 422, 'evaluation-required');
    assert.match(String(noEvaluation.detail), /cannot be closed without an evaluation/);
    await client(t, analyst)
      .put(`${CARDIFF}/${problem.id}/evaluation`)
      .send(evaluationBody([responseId!]))
      .expect(200);
    const incomplete = await refused(problem.id, 'closed', 422, 'process-evaluation-incomplete');
    assert.deepEqual(incomplete.responseIds, [second.id]);
    await client(t, analyst)
      .put(`${CARDIFF}/${problem.id}/evaluation`)
      .send(evaluationBody([responseId!, second.id]))
      .expect(200);
    const closed = await advance(t, 'cardiff', analyst, problem.id, 'closed');
    assert.equal(closed.evaluation.current, true);
    assert.equal(closed.unevaluated, false);
    // A closed problem takes no more work.
    expectProblem(await client(t, analyst).patch(`${CARDIFF}/${problem.id}`).send({ title: 'Too late' }), 409, 'problem-closed');
    expectProblem(await client(t, analyst).put(`${CARDIFF}/${problem.id}/analysis`).send({ triangle: TRIANGLE }), 409, 'problem-closed');
    expectProblem(
      await client(t, analyst)
        .put(`${CARDIFF}/${problem.id}/evaluation`)
        .send(evaluationBody([responseId!, second.id])),
      409,
      'problem-closed',
    );
    expectProblem(await client(t, analyst).patch(`${CARDIFF}/${problem.id}/responses/${second.id}`).send({ status: 'delivered' }), 409, 'problem-closed');
  });

  it('lets a chair (not an analyst) reopen a closed problem to response with a reason; closing again needs a new evaluation', async () => {
    const { problem, responseId } = await problemAt(t, 'cardiff', analyst, 'closed', police);
    const url = `${CARDIFF}/${problem.id}`;
    expectProblem(await client(t, analyst).post(`${url}/reopen`).send({ reason: 'Reports rose again' }), 403);
    expectProblem(await client(t, chair).post(`${url}/reopen`).send({ reason: '' }), 400, 'validation');
    expectProblem(await client(t, chair).post(`${url}/reopen`).set('if-match', `"${problem.id}.1"`).send({ reason: 'Reports rose again' }), 412);
    t.clock.advance(3 * 3_600_000);
    const reopened = await client(t, chair)
      .post(`${url}/reopen`)
      .set('if-match', `"${problem.id}.${problem.version}"`)
      .send({ reason: 'Reports rose again after the dispersal order lapsed' });
    assert.equal(reopened.status, 200, JSON.stringify(reopened.body));
    assert.equal(reopened.body.stage, 'response');
    assert.equal(reopened.body.evaluation.current, false, 'the evaluation is set aside');
    assert.equal(reopened.body.evaluation.impact.result, 'reduced', 'and kept for the record');
    const history = await client(t, analyst).get(`${url}/history`).expect(200);
    const last = history.body.items.at(-1);
    assert.deepEqual([last.kind, last.from, last.to, last.reason], ['reopened', 'closed', 'response', 'Reports rose again after the dispersal order lapsed']);
    const events = await outboxOf(t, problem.id);
    assert.deepEqual(events.at(-1)?.data.reopened, true);
    assert.ok((await auditOf(t, problem.id)).some((a) => a.action === 'problem.reopened'));
    expectProblem(await client(t, chair).post(`${url}/reopen`).send({ reason: 'Again' }), 409, 'problem-not-closed');

    await advance(t, 'cardiff', analyst, problem.id, 'assessment');
    const again = await refused(problem.id, 'closed', 422, 'evaluation-required');
    assert.match(String(again.detail), /reopened/);
    await client(t, analyst)
      .put(`${url}/evaluation`)
      .send(evaluationBody([responseId!], { lessons: 'Second time round: keep the order in place.' }))
      .expect(200);
    const closed = await advance(t, 'cardiff', analyst, problem.id, 'closed');
    assert.equal(closed.evaluation.current, true);
    assert.equal(closed.evaluation.lessons, 'Second time round: keep the order in place.');
  });

  it('keeps the stage history append-only for the application role', async () => {
    const problem = await createProblem(t, 'cardiff', analyst);
    const tx = t.app.get(TransactionHost);
    const pid = await partnershipId(t, 'cardiff');
    for (const sql of [
      `UPDATE problem_stage_changes SET reason = 'rewritten' WHERE problem_id = $1`,
      `DELETE FROM problem_stage_changes WHERE problem_id = $1`,
    ]) {
      await assert.rejects(
        tx.run(pid, () => tx.manager.query(sql, [problem.id])),
        /permission denied/,
      );
    }
    assert.equal(await count(t, 'problem_stage_changes WHERE problem_id = $1', [problem.id]), 1);
  });

  describe('responses', () => {
    it("are owned by one of the partnership's agencies (422 otherwise) and validated", async () => {
      const { problem } = await problemAt(t, 'cardiff', analyst, 'response', police);
      const url = `${CARDIFF}/${problem.id}/responses`;
      const body = { description: 'Diversion sessions at the youth club', type: 'diversion', ownerAgencyId: newportAgency, startDate: '2026-02-01' };
      expectProblem(await client(t, analyst).post(url).send(body), 422, 'agency-not-in-partnership');
      const councilResponse = (fields: Record<string, unknown>) =>
        client(t, analyst)
          .post(url)
          .send({ ...body, ownerAgencyId: council, ...fields });
      expectProblem(await councilResponse({ type: 'outreach' }), 400, 'validation');
      expectProblem(await councilResponse({ endDate: '2026-01-31' }), 400, 'validation');
      expectProblem(await councilResponse({ status: 'done' }), 400, 'validation');
      const created = await client(t, analyst)
        .post(url)
        .set('if-match', `"${problem.id}.${problem.version}"`)
        .send({ ...body, ownerAgencyId: council });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.headers.etag, `"${created.body.id}.1"`);
      assert.deepEqual(
        { ...created.body, id: undefined, createdAt: undefined, updatedAt: undefined },
        {
          id: undefined,
          problemId: problem.id,
          description: body.description,
          type: 'diversion',
          ownerAgencyId: council,
          startDate: '2026-02-01',
          endDate: null,
          status: 'planned',
          version: 1,
          createdAt: undefined,
          updatedAt: undefined,
        },
      );
      const audit = (await auditOf(t, created.body.id)).map((a) => a.action);
      assert.deepEqual(audit, ['problem.response_added']);
      // Adding a response moves the problem's version: a stale If-Match on it is 412.
      expectProblem(
        await client(t, analyst)
          .post(url)
          .set('if-match', `"${problem.id}.${problem.version}"`)
          .send({ ...body, ownerAgencyId: council }),
        412,
      );
    });

    it('can be updated by a partner of the owning agency (200) but not of another agency (403), nor handed away by a partner', async () => {
      const { problem, responseId } = await problemAt(t, 'cardiff', analyst, 'response', police);
      const url = `${CARDIFF}/${problem.id}/responses/${responseId}`;
      const before = await t.db.query('SELECT status, version FROM problem_responses WHERE id = $1', [responseId]);
      expectProblem(await client(t, councilPartner).patch(url).send({ status: 'delivered' }), 403);
      expectProblem(await client(t, policePartner).patch(url).send({ ownerAgencyId: council }), 403);
      assert.deepEqual(await t.db.query('SELECT status, version FROM problem_responses WHERE id = $1', [responseId]), before);
      const own = await client(t, policePartner).patch(url).set('if-match', `"${responseId}.1"`).send({ status: 'in_progress', endDate: '2026-05-31' });
      assert.equal(own.status, 200, JSON.stringify(own.body));
      assert.deepEqual([own.body.status, own.body.endDate, own.body.version], ['in_progress', '2026-05-31', 2]);
      assert.equal(own.headers.etag, `"${responseId}.2"`);
      const audit = (await auditOf(t, responseId!)).find((a) => a.action === 'problem.response_updated');
      assert.deepEqual(audit?.details.status, { from: 'planned', to: 'in_progress' });
      assert.deepEqual(audit?.details.fields, ['endDate', 'status']);
      expectProblem(await client(t, policePartner).patch(url).set('if-match', `"${responseId}.1"`).send({ status: 'delivered' }), 412);
      // Updating a response moves the problem's ETag too.
      const record = await client(t, analyst).get(`${CARDIFF}/${problem.id}`).expect(200);
      assert.notEqual(record.headers.etag, `"${problem.id}.${problem.version}"`);
      // Analysts may hand it to another agency; partners of that agency may then update it.
      await client(t, analyst).patch(url).send({ ownerAgencyId: council }).expect(200);
      await client(t, councilPartner).patch(url).send({ status: 'delivered' }).expect(200);
      expectProblem(await client(t, policePartner).patch(url).send({ status: 'cancelled' }), 403);
      expectProblem(await client(t, analyst).patch(url).send({ ownerAgencyId: newportAgency }), 422, 'agency-not-in-partnership');
      expectProblem(
        await client(t, analyst).patch(`${CARDIFF}/${problem.id}/responses/018f0000-0000-7000-8000-000000000000`).send({ status: 'delivered' }),
        404,
      );
    });

    it('cannot be named through another problem', async () => {
      const { responseId } = await problemAt(t, 'cardiff', analyst, 'response', police);
      const { problem: other } = await problemAt(t, 'cardiff', analyst, 'response', police);
      expectProblem(await client(t, analyst).patch(`${CARDIFF}/${other.id}/responses/${responseId}`).send({ status: 'delivered' }), 404);
    });
  });

  describe('the evaluation', () => {
    it("names only the problem's own responses, each once, and keeps none apart from the kinds of displacement", async () => {
      const { problem, responseId } = await problemAt(t, 'cardiff', analyst, 'assessment', police);
      const { responseId: foreign } = await problemAt(t, 'cardiff', analyst, 'response', police);
      const url = `${CARDIFF}/${problem.id}/evaluation`;
      const before = await traces(problem.id);
      const refusals: [Record<string, unknown>, number, string][] = [
        [evaluationBody([responseId!, foreign!]), 422, 'process-unknown-response'],
        [evaluationBody([responseId!, responseId!]), 422, 'duplicate-process-entry'],
        [evaluationBody([responseId!], { displacement: { kinds: ['none', 'spatial'] } }), 400, 'validation'],
        [evaluationBody([responseId!], { displacement: { kinds: [] } }), 400, 'validation'],
        [evaluationBody([responseId!], { impact: { ...BASELINE, result: 'better' } }), 400, 'validation'],
        [evaluationBody([responseId!], { lessons: undefined }), 400, 'validation'],
      ];
      for (const [body, status, slug] of refusals) expectProblem(await client(t, analyst).put(url).send(body), status, slug);
      assert.deepEqual(await traces(problem.id), before);
    });

    it('shows the change from the baseline when both count the same measure (absolute and percentage)', async () => {
      const { problem, responseId } = await problemAt(t, 'cardiff', analyst, 'assessment', police);
      const url = `${CARDIFF}/${problem.id}/evaluation`;
      const same = await client(t, analyst)
        .put(url)
        .send(
          evaluationBody([responseId!], {
            impact: { measure: 'asb incidents reported to police', periodStart: '2026-04-01', periodEnd: '2026-06-30', value: 22, result: 'reduced' },
            displacement: { kinds: ['spatial', 'temporal'], note: 'Some moved to the park after 10pm' },
          }),
        );
      assert.equal(same.status, 200, JSON.stringify(same.body));
      assert.deepEqual(same.body.evaluation.change, {
        measure: BASELINE.measure,
        baseline: 40,
        impact: 22,
        absolute: -18,
        percent: -45,
        baselineDays: 92,
        impactDays: 91,
      });
      assert.deepEqual(same.body.evaluation.displacement, { kinds: ['spatial', 'temporal'], note: 'Some moved to the park after 10pm' });
      assert.equal(same.body.evaluation.current, true);
      assert.equal(same.body.evaluation.evaluatedBy.type, 'user');
      const other = await client(t, analyst)
        .put(url)
        .send(
          evaluationBody([responseId!], {
            impact: { measure: 'Calls to the council', periodStart: '2026-04-01', periodEnd: '2026-06-30', value: 5, result: 'less_harmful' },
          }),
        )
        .expect(200);
      assert.equal(other.body.evaluation.change, null);
      assert.equal(other.body.evaluation.impact.result, 'less_harmful');
      const audit = (await auditOf(t, problem.id)).filter((a) => a.action === 'problem.evaluation_recorded');
      assert.equal(audit.length, 2);
      assert.ok(!JSON.stringify(audit).includes('PC Jones'), 'no free text in the audit trail');
    });

    it('has no percentage change from a zero baseline', async () => {
      const { problem } = await problemAt(t, 'cardiff', analyst, 'analysis', police);
      await client(t, analyst)
        .put(`${CARDIFF}/${problem.id}/analysis`)
        .send({ triangle: TRIANGLE, baseline: { ...BASELINE, value: 0 } })
        .expect(200);
      await advance(t, 'cardiff', analyst, problem.id, 'response');
      const response = await addResponse(t, 'cardiff', analyst, problem.id, { ownerAgencyId: police });
      await advance(t, 'cardiff', analyst, problem.id, 'assessment');
      const res = await client(t, analyst)
        .put(`${CARDIFF}/${problem.id}/evaluation`)
        .send(evaluationBody([response.id], { impact: { ...BASELINE, periodStart: '2026-04-01', periodEnd: '2026-06-30', value: 6, result: 'worse' } }))
        .expect(200);
      assert.deepEqual([res.body.evaluation.change.absolute, res.body.evaluation.change.percent], [6, null]);
    });
  });
});
