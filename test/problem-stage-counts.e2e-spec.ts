import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { apiKey, member } from './support/identity';
import { insertProblem } from './support/problems';
import { expectProblem } from './support/problem-details';
import { useTestApp } from './support/app';

describe('problem stage counts', () => {
  const t = useTestApp();

  it('counts the partnership’s problems at each stage, every stage present, and no other partnership’s', async () => {
    const viewer = await member(t, 'cardiff', 'viewer');
    const empty = await t.http.get('/api/v1/partnerships/cardiff/problem-stage-counts').set('authorization', viewer.auth).expect(200);
    assert.deepEqual(empty.body, { scanning: 0, analysis: 0, response: 0, assessment: 0, closed: 0 });
    for (const stage of ['scanning', 'scanning', 'analysis', 'closed'] as const) await insertProblem(t, 'cardiff', stage);
    await insertProblem(t, 'newport', 'response');
    const res = await t.http.get('/api/v1/partnerships/cardiff/problem-stage-counts').set('authorization', viewer.auth).expect(200);
    assert.deepEqual(res.body, { scanning: 2, analysis: 1, response: 0, assessment: 0, closed: 1 });
    expectProblem(await t.http.get('/api/v1/partnerships/newport/problem-stage-counts').set('authorization', viewer.auth), 404);
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff/problem-stage-counts'), 401);
    const admin = await member(t, 'cardiff', 'admin');
    const key = await apiKey(t, 'cardiff', admin.auth, ['tasking:read']);
    expectProblem(await t.http.get('/api/v1/partnerships/cardiff/problem-stage-counts').set('x-api-key', key.key), 403);
    const doc = (await t.http.get('/docs/openapi.json').expect(200)).body;
    assert.deepEqual(Object.keys(doc.components.schemas.ProblemStageCountsDto.properties).sort(), ['analysis', 'assessment', 'closed', 'response', 'scanning']);
  });
});
