import { Injectable } from '@nestjs/common';
import { ConflictProblem, NotFoundProblem, PreconditionFailedProblem, RuleViolation, TransactionHost, ValidationProblem, isUuid, uuidv7 } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit/audit.service';
import { MembershipsService } from '../identity/memberships.service';
import { PartnershipsService } from '../partnerships/partnerships.service';
import { requireGroupChair } from './tasking-access';
import { STRATEGIC_CADENCE_DAYS, type GroupLevel } from './tasking.constants';
import { TaskingGroup, TaskingGroupAgency } from './tasking-group.entity';

export interface TaskingGroupInput {
  name: string;
  level: GroupLevel;
  /** Defaults to the partnership's tacticalCadenceDays (tactical) or 91 (strategic). */
  cadenceDays?: number;
  chairUserId: string;
  agencyIds: string[];
}

/** Only the fields sent change; the level does not. */
export interface TaskingGroupChanges {
  name?: string;
  cadenceDays?: number;
  chairUserId?: string;
  agencyIds?: string[];
}

export interface TaskingGroupView {
  group: TaskingGroup;
  /** The agencies that sit on it, in the order given. */
  agencyIds: string[];
}

/**
 * Tasking and coordinating groups.
 *
 * Rules:
 * - the name is unique in the partnership, ignoring case (409 `tasking-group-exists`);
 * - the chair is a member of the partnership (422 `chair-not-member`) holding
 *   the chair or admin role (422 `chair-role-required`): they open and close
 *   the group's meetings;
 * - its agencies are the partnership's (422 `agency-not-in-partnership`);
 * - cadenceDays defaults to the partnership's tacticalCadenceDays for a
 *   tactical group and to 91 (a quarter) for a strategic one;
 * - only the group's chair or an admin changes it (403); the level never changes.
 */
@Injectable()
export class TaskingGroupsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
    private readonly partnerships: PartnershipsService,
    private readonly memberships: MembershipsService,
  ) {}

  async list(partnershipId: string, query: PageQueryDto & { level?: GroupLevel }): Promise<Page<TaskingGroupView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager.getRepository(TaskingGroup).createQueryBuilder('g').where('g.partnership_id = :partnershipId', { partnershipId });
    if (query.level) qb.andWhere('g.level = :level', { level: query.level });
    if (after) qb.andWhere('(g.name, g.id) > (:name, :id)', { name: String(after.k), id: after.id });
    const rows = await qb.orderBy('g.name', 'ASC').addOrderBy('g.id', 'ASC').limit(limit + 1).getMany();
    const page = toPage(rows, limit, (r) => ({ k: r.name, id: r.id }), (r) => r);
    const agencies = await this.agenciesOf(page.items.map((g) => g.id));
    return { items: page.items.map((group) => ({ group, agencyIds: agencies.get(group.id) ?? [] })), nextCursor: page.nextCursor };
  }

  async get(partnershipId: string, id: string): Promise<TaskingGroupView> {
    const group = await this.find(partnershipId, id);
    if (!group) throw new NotFoundProblem('tasking group');
    return { group, agencyIds: (await this.agenciesOf([group.id])).get(group.id) ?? [] };
  }

  /** The group, or null when the partnership has no such group (for the meetings service). */
  find(partnershipId: string, id: string): Promise<TaskingGroup | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(TaskingGroup).findOneBy({ id: id.toLowerCase(), partnershipId });
  }

  async create(partnershipId: string, input: TaskingGroupInput): Promise<TaskingGroupView> {
    const name = normaliseName(input.name);
    await this.checkName(partnershipId, name);
    await this.checkChair(partnershipId, input.chairUserId);
    const agencyIds = await this.checkAgencies(partnershipId, input.agencyIds);
    const cadenceDays = input.cadenceDays ?? (input.level === 'strategic' ? STRATEGIC_CADENCE_DAYS : (await this.partnerships.get(partnershipId)).tacticalCadenceDays);
    const id = uuidv7();
    await this.tx.manager.getRepository(TaskingGroup).insert({ id, partnershipId, name, level: input.level, cadenceDays, chairUserId: input.chairUserId.toLowerCase() });
    await this.replaceAgencies(partnershipId, id, agencyIds);
    await this.audit.record({
      action: 'tasking_group.created',
      target: { type: 'tasking_group', id },
      details: { name, level: input.level, cadenceDays, chairUserId: input.chairUserId.toLowerCase(), agencyIds },
    });
    return this.get(partnershipId, id);
  }

  async update(partnershipId: string, id: string, changes: TaskingGroupChanges, expectedVersion?: number): Promise<TaskingGroupView> {
    const group = await this.lock(partnershipId, id);
    requireGroupChair(group, 'change the group');
    if (expectedVersion !== undefined && expectedVersion !== group.version) throw new PreconditionFailedProblem();
    const set: Partial<TaskingGroup> = {};
    const before: Record<string, unknown> = {};
    if (changes.name !== undefined && normaliseName(changes.name) !== group.name) {
      set.name = normaliseName(changes.name);
      if (set.name.toLowerCase() !== group.name.toLowerCase()) await this.checkName(partnershipId, set.name);
    }
    if (changes.cadenceDays !== undefined && changes.cadenceDays !== group.cadenceDays) set.cadenceDays = changes.cadenceDays;
    if (changes.chairUserId !== undefined && changes.chairUserId.toLowerCase() !== group.chairUserId) {
      await this.checkChair(partnershipId, changes.chairUserId);
      set.chairUserId = changes.chairUserId.toLowerCase();
    }
    for (const key of Object.keys(set) as (keyof TaskingGroup)[]) before[key] = group[key];
    let agencyIds: string[] | undefined;
    if (changes.agencyIds !== undefined) {
      const current = (await this.agenciesOf([group.id])).get(group.id) ?? [];
      const wanted = await this.checkAgencies(partnershipId, changes.agencyIds);
      if (JSON.stringify(current) !== JSON.stringify(wanted)) {
        agencyIds = wanted;
        before.agencyIds = current;
      }
    }
    if (!Object.keys(set).length && !agencyIds) return this.get(partnershipId, group.id);
    if (agencyIds) await this.replaceAgencies(partnershipId, group.id, agencyIds);
    await this.tx.manager
      .createQueryBuilder()
      .update(TaskingGroup)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id', { id: group.id })
      .execute();
    await this.audit.record({
      action: 'tasking_group.updated',
      target: { type: 'tasking_group', id: group.id },
      details: { before, after: { ...set, ...(agencyIds && { agencyIds }) } },
    });
    return this.get(partnershipId, group.id);
  }

  /** Locks the group row until the transaction ends (404 when not the partnership's). */
  async lock(partnershipId: string, id: string): Promise<TaskingGroup> {
    const found = isUuid(id)
      ? await this.tx.manager
          .getRepository(TaskingGroup)
          .createQueryBuilder('g')
          .setLock('pessimistic_write')
          .where('g.id = :id AND g.partnership_id = :partnershipId', { id: id.toLowerCase(), partnershipId })
          .getOne()
      : null;
    if (!found) throw new NotFoundProblem('tasking group');
    return found;
  }

  // ---- internals --------------------------------------------------------

  private async agenciesOf(groupIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (!groupIds.length) return out;
    const rows = await this.tx.manager
      .getRepository(TaskingGroupAgency)
      .createQueryBuilder('a')
      .where('a.tasking_group_id = ANY(:groupIds)', { groupIds })
      .orderBy('a.tasking_group_id')
      .addOrderBy('a.position', 'ASC')
      .getMany();
    for (const r of rows) out.get(r.taskingGroupId)!.push(r.agencyId);
    return out;
  }

  private async replaceAgencies(partnershipId: string, groupId: string, agencyIds: string[]): Promise<void> {
    const repo = this.tx.manager.getRepository(TaskingGroupAgency);
    await repo.delete({ taskingGroupId: groupId });
    if (agencyIds.length) await repo.insert(agencyIds.map((agencyId, i) => ({ taskingGroupId: groupId, agencyId, partnershipId, position: i + 1 })));
  }

  private async checkName(partnershipId: string, name: string): Promise<void> {
    if (!name) throw new ValidationProblem([{ path: 'name', message: 'name must not be empty' }]);
    const clash = await this.tx.manager
      .getRepository(TaskingGroup)
      .createQueryBuilder('g')
      .where('g.partnership_id = :partnershipId AND lower(g.name) = lower(:name)', { partnershipId, name })
      .getExists();
    if (clash) throw new ConflictProblem('tasking-group-exists', `A tasking group named "${name}" already exists in this partnership.`);
  }

  private async checkChair(partnershipId: string, userId: string): Promise<void> {
    const membership = isUuid(userId) ? await this.memberships.find(partnershipId, userId.toLowerCase()) : null;
    if (!membership) throw new RuleViolation('chair-not-member', 'chairUserId must be a member of this partnership.', { chairUserId: userId });
    if (membership.role !== 'chair' && membership.role !== 'admin') {
      throw new RuleViolation('chair-role-required', `The chair must hold the chair (or admin) role in this partnership; this member is ${membership.role}.`, {
        chairUserId: userId,
        role: membership.role,
      });
    }
  }

  private async checkAgencies(partnershipId: string, ids: string[]): Promise<string[]> {
    const wanted = ids.map((id) => id.toLowerCase());
    if (new Set(wanted).size !== wanted.length) throw new ValidationProblem([{ path: 'agencyIds', message: 'agencyIds must not repeat an agency' }]);
    const known = await this.partnerships.agencyIdsOf(partnershipId, wanted);
    const foreign = wanted.filter((id) => !known.has(id));
    if (foreign.length) throw new RuleViolation('agency-not-in-partnership', `Not an agency of this partnership: ${foreign.join(', ')}.`, { agencyIds: foreign });
    return wanted;
  }
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}
