import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost } from '@app/core';
import type { GroupLevel } from './tasking.constants';
import { TaskingGroup, TaskingGroupAgency } from './tasking-group.entity';

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
    if (query.after) qb.andWhere('(g.name, g.id) > (:name, :id)', query.after);
    return qb.orderBy('g.name', 'ASC').addOrderBy('g.id', 'ASC').limit(query.limit).getMany();
  }

  async insert(group: Pick<TaskingGroup, 'id' | 'partnershipId' | 'name' | 'level' | 'cadenceDays' | 'chairUserId' | 'deputyChairUserId'>): Promise<void> {
    await this.tx.manager.getRepository(TaskingGroup).insert(group);
  }

  /** Whether another group of the partnership has this name, ignoring case. */
  nameTaken(partnershipId: string, name: string): Promise<boolean> {
    return this.tx.manager
      .getRepository(TaskingGroup)
      .createQueryBuilder('g')
      .where('g.partnership_id = :partnershipId AND lower(g.name) = lower(:name)', { partnershipId, name })
      .getExists();
  }

  /** The agencies of each group, in their order. */
  async agenciesOf(groupIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (!groupIds.length) return out;
    const rows = await this.tx.manager
      .getRepository(TaskingGroupAgency)
      .createQueryBuilder('a')
      .where('a.tasking_group_id = ANY(:groupIds)', { groupIds })
      .orderBy('a.tasking_group_id')
      .addOrderBy('a.position', 'ASC')
      .getMany();
    for (const r of rows) out.get(r.taskingGroupId)?.push(r.agencyId);
    return out;
  }

  async replaceAgencies(partnershipId: string, groupId: string, agencyIds: string[]): Promise<void> {
    const repo = this.tx.manager.getRepository(TaskingGroupAgency);
    await repo.delete({ taskingGroupId: groupId });
    if (agencyIds.length) await repo.insert(agencyIds.map((agencyId, i) => ({ taskingGroupId: groupId, agencyId, partnershipId, position: i + 1 })));
  }
}
