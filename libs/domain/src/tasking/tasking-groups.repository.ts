import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost, groupedBy } from '@app/core';
import type { GroupLevel } from './tasking.constants';
import { TaskingGroup, TaskingGroupAgency } from './tasking-group.entity';
import { keysetRows } from '../shared/keyset';
import { childRowsOf, nameTakenIn } from '../shared/sql';

/** A page of groups by name, after the keyset of the last one seen. */
export interface TaskingGroupPageQuery {
  level?: GroupLevel;
  after?: { name: string; id: string };
  limit: number;
}

/** Every query on the tasking_groups and tasking_group_agencies tables. */
@Injectable()
export class TaskingGroupsRepository extends AggregateRepository<TaskingGroup> {
  constructor(tx: TransactionHost) {
    super(tx, TaskingGroup, 'tasking group');
  }

  /** Groups by name then id; `limit` rows at most. */
  page(partnershipId: string, query: TaskingGroupPageQuery): Promise<TaskingGroup[]> {
    const qb = this.tx.manager.getRepository(TaskingGroup).createQueryBuilder('g').where('g.partnership_id = :partnershipId', { partnershipId });
    if (query.level) qb.andWhere('g.level = :level', { level: query.level });
    return keysetRows(qb, { column: 'name', order: 'ASC' }, query.after && { key: query.after.name, id: query.after.id }, query.limit);
  }

  async insert(group: Pick<TaskingGroup, 'id' | 'partnershipId' | 'name' | 'level' | 'cadenceDays' | 'chairUserId' | 'deputyChairUserId'>): Promise<void> {
    await this.tx.manager.getRepository(TaskingGroup).insert(group);
  }

  /** Whether another group of the partnership has this name, ignoring case. */
  nameTaken(partnershipId: string, name: string): Promise<boolean> {
    return nameTakenIn(this.tx.manager, TaskingGroup, partnershipId, name);
  }

  /** The agencies of each group, in their order. */
  async agenciesOf(groupIds: string[]): Promise<Map<string, string[]>> {
    const rows = await childRowsOf(this.tx.manager, TaskingGroupAgency, 'tasking_group_id', groupIds, ['position']);
    return groupedBy(
      groupIds,
      rows,
      (r) => r.taskingGroupId,
      (r) => r.agencyId,
    );
  }

  async replaceAgencies(partnershipId: string, groupId: string, agencyIds: string[]): Promise<void> {
    const repo = this.tx.manager.getRepository(TaskingGroupAgency);
    await repo.delete({ taskingGroupId: groupId });
    if (agencyIds.length) await repo.insert(agencyIds.map((agencyId, i) => ({ taskingGroupId: groupId, agencyId, partnershipId, position: i + 1 })));
  }
}
