import { CHAIR, fixture, GROUP, PARTNERSHIP } from '@app/testing/fixtures';
import type { TaskingGroup } from './tasking-group.entity';

/**
 * Records for the tasking specs (imported by them only; nothing else loads
 * this file). The tactical group of the test partnership, chaired by CHAIR,
 * with no deputy.
 */
export const taskingGroup = fixture<TaskingGroup>({
  id: GROUP,
  partnershipId: PARTNERSHIP,
  name: 'Tactical group',
  level: 'tactical',
  cadenceDays: 28,
  chairUserId: CHAIR,
  deputyChairUserId: null,
  version: 3,
});
