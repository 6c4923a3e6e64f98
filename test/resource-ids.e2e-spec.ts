import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { agencyOf, member } from './support/identity';
import { expectProblem } from './support/problem-details';
import { createGroup, tasking } from './support/tasking';
import { useTestApp } from './support/app';

describe('resource ids in the path', () => {
  const t = useTestApp();

  it('answers 404 naming the resource for an id that is not a UUID, before any handler runs', async () => {
    const chair = await member(t, 'cardiff', 'chair');
    for (const id of ['not-a-uuid', '12345', "0190a000-0000-7000-8000-00000000000' OR 1=1"]) {
      const body = expectProblem(
        await t.http.get(`${tasking('cardiff')}/tasking-groups/${encodeURIComponent(id)}`).set('authorization', chair.auth),
        404,
        'not-found',
      );
      assert.equal(body.detail, 'The tasking group does not exist.');
    }
  });

  it('takes a UUID in any case, and the refusals carry their catalogue code', async () => {
    const chair = await member(t, 'cardiff', 'chair');
    const police = await agencyOf(t, 'cardiff', 'police');
    const group = await createGroup(t, 'cardiff', chair.auth, { name: `Resource id group ${Date.now()}`, chairUserId: chair.user.id, agencyIds: [police] });
    const res = await t.http
      .get(`${tasking('cardiff')}/tasking-groups/${String(group.id).toUpperCase()}`)
      .set('authorization', chair.auth)
      .expect(200);
    assert.equal(res.body.id, group.id);
    const clash = expectProblem(
      await t.http
        .post(`${tasking('cardiff')}/tasking-groups`)
        .set('authorization', chair.auth)
        .send({ name: group.name, level: 'tactical', chairUserId: chair.user.id, agencyIds: [police] }),
      409,
      'tasking-group-exists',
    );
    assert.match(String(clash.detail), /already exists/);
  });
});
