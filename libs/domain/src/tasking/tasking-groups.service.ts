import { Injectable } from '@nestjs/common';
import { invalidInput, isUuid, notFound, uuidv7, versionMismatch } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit';
import { MembershipsService } from '../identity';
import { PartnershipErrors, PartnershipsService } from '../partnerships';
import { requireGroupChair } from '../shared/actors';
import { STRATEGIC_CADENCE_DAYS, type GroupLevel } from './tasking.constants';
import type { TaskingGroup } from './tasking-group.entity';
import { TaskingGroupsRepository } from './tasking-groups.repository';
import { TaskingErrors } from './tasking.errors';

export interface TaskingGroupInput {
  name: string;
  level: GroupLevel;
  /** Defaults to the partnership's tacticalCadenceDays (tactical) or 91 (strategic). */
  cadenceDays?: number;
  chairUserId: string;
  /** Who chairs in the chair's absence; absent or null: none. */
  deputyChairUserId?: string | null;
  agencyIds: string[];
}

/** Only the fields sent change; the level does not. */
export interface TaskingGroupChanges {
  name?: string;
  cadenceDays?: number;
  chairUserId?: string;
  /** null clears it. */
  deputyChairUserId?: string | null;
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
 * - the deputy chair, optional, is likewise a member (422
 *   `deputy-chair-not-member`) with the chair or admin role (422
 *   `deputy-chair-role-required`), and not the chair (422
 *   `deputy-chair-is-chair`, also when the chair is handed to the deputy
 *   without naming another one): they may do at a meeting all the chair may;
 * - its agencies are the partnership's (422 `agency-not-in-partnership`);
 * - cadenceDays defaults to the partnership's tacticalCadenceDays for a
 *   tactical group and to 91 (a quarter) for a strategic one;
 * - only the group's chair or an admin changes it (403, the deputy chair
 *   included); the level never changes.
 */
@Injectable()
export class TaskingGroupsService {
  constructor(
    private readonly repository: TaskingGroupsRepository,
    private readonly audit: AuditService,
    private readonly partnerships: PartnershipsService,
    private readonly memberships: MembershipsService,
  ) {}

  async list(partnershipId: string, query: PageQueryDto & { level?: GroupLevel }): Promise<Page<TaskingGroupView>> {
    const page = await readPage(
      query,
      (after, limit) => this.repository.page(partnershipId, { level: query.level, after: after && { name: String(after.k), id: after.id }, limit }),
      (r) => ({ k: r.name, id: r.id }),
      (r) => r,
    );
    const agencies = await this.repository.agenciesOf(page.items.map((g) => g.id));
    return { items: page.items.map((group) => ({ group, agencyIds: agencies.get(group.id) ?? [] })), nextCursor: page.nextCursor };
  }

  async get(partnershipId: string, id: string): Promise<TaskingGroupView> {
    const group = await this.find(partnershipId, id);
    if (!group) throw notFound('tasking group');
    return { group, agencyIds: (await this.repository.agenciesOf([group.id])).get(group.id) ?? [] };
  }

  /** The group, or null when the partnership has no such group (for the meetings service). */
  find(partnershipId: string, id: string): Promise<TaskingGroup | null> {
    return this.repository.find(partnershipId, id);
  }

  async create(partnershipId: string, input: TaskingGroupInput): Promise<TaskingGroupView> {
    const name = normaliseName(input.name);
    await this.checkName(partnershipId, name);
    await this.checkChair(partnershipId, input.chairUserId);
    const deputyChairUserId = input.deputyChairUserId ? input.deputyChairUserId.toLowerCase() : null;
    if (deputyChairUserId) await this.checkDeputy(partnershipId, deputyChairUserId, input.chairUserId.toLowerCase());
    const agencyIds = await this.checkAgencies(partnershipId, input.agencyIds);
    const cadenceDays =
      input.cadenceDays ?? (input.level === 'strategic' ? STRATEGIC_CADENCE_DAYS : (await this.partnerships.get(partnershipId)).tacticalCadenceDays);
    const id = uuidv7();
    await this.repository.insert({ id, partnershipId, name, level: input.level, cadenceDays, chairUserId: input.chairUserId.toLowerCase(), deputyChairUserId });
    await this.repository.replaceAgencies(partnershipId, id, agencyIds);
    await this.audit.record({
      action: 'tasking_group.created',
      target: { type: 'tasking_group', id },
      details: { name, level: input.level, cadenceDays, chairUserId: input.chairUserId.toLowerCase(), deputyChairUserId, agencyIds },
    });
    return this.get(partnershipId, id);
  }

  async update(partnershipId: string, id: string, changes: TaskingGroupChanges, expectedVersion?: number): Promise<TaskingGroupView> {
    const group = await this.repository.lockForChange(partnershipId, id);
    requireGroupChair(group, 'change the group', { deputy: false });
    // The chair check comes first: a caller who may not change the group learns nothing of its version.
    if (expectedVersion !== undefined && expectedVersion !== group.version) throw versionMismatch();
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
    const deputy = changes.deputyChairUserId === undefined ? group.deputyChairUserId : (changes.deputyChairUserId?.toLowerCase() ?? null);
    if (deputy !== group.deputyChairUserId) set.deputyChairUserId = deputy;
    // Against the chair the group will have: a deputy named now is checked in full; handing the chair to the deputy needs another deputy (or null).
    if (deputy && set.deputyChairUserId !== undefined) await this.checkDeputy(partnershipId, deputy, set.chairUserId ?? group.chairUserId);
    else if (deputy && deputy === set.chairUserId) throw deputyIsChair(deputy, set.chairUserId);
    for (const key of Object.keys(set) as (keyof TaskingGroup)[]) before[key] = group[key];
    let agencyIds: string[] | undefined;
    if (changes.agencyIds !== undefined) {
      const current = (await this.repository.agenciesOf([group.id])).get(group.id) ?? [];
      const wanted = await this.checkAgencies(partnershipId, changes.agencyIds);
      if (JSON.stringify(current) !== JSON.stringify(wanted)) {
        agencyIds = wanted;
        before.agencyIds = current;
      }
    }
    if (!Object.keys(set).length && !agencyIds) return this.get(partnershipId, group.id);
    if (agencyIds) await this.repository.replaceAgencies(partnershipId, group.id, agencyIds);
    await this.repository.update(group.id, set);
    await this.audit.record({
      action: 'tasking_group.updated',
      target: { type: 'tasking_group', id: group.id },
      details: { before, after: { ...set, ...(agencyIds && { agencyIds }) } },
    });
    return this.get(partnershipId, group.id);
  }

  /** Locks the group row until the transaction ends (404 when not the partnership's). */
  lock(partnershipId: string, id: string): Promise<TaskingGroup> {
    return this.repository.lockForChange(partnershipId, id);
  }

  // ---- internals --------------------------------------------------------

  private async checkName(partnershipId: string, name: string): Promise<void> {
    if (!name) throw invalidInput([{ path: 'name', message: 'name must not be empty' }]);
    if (await this.repository.nameTaken(partnershipId, name))
      throw TaskingErrors.taskingGroupExists.error(`A tasking group named "${name}" already exists in this partnership.`);
  }

  private async checkChair(partnershipId: string, userId: string): Promise<void> {
    const membership = isUuid(userId) ? await this.memberships.find(partnershipId, userId.toLowerCase()) : null;
    if (!membership) throw TaskingErrors.chairNotMember.error('chairUserId must be a member of this partnership.', { chairUserId: userId });
    if (membership.role !== 'chair' && membership.role !== 'admin') {
      throw TaskingErrors.chairRoleRequired.error(`The chair must hold the chair (or admin) role in this partnership; this member is ${membership.role}.`, {
        chairUserId: userId,
        role: membership.role,
      });
    }
  }

  private async checkDeputy(partnershipId: string, userId: string, chairUserId: string): Promise<void> {
    const id = userId.toLowerCase();
    if (id === chairUserId) throw deputyIsChair(userId, chairUserId);
    const membership = isUuid(id) ? await this.memberships.find(partnershipId, id) : null;
    if (!membership) throw TaskingErrors.deputyChairNotMember.error('deputyChairUserId must be a member of this partnership.', { deputyChairUserId: userId });
    if (membership.role !== 'chair' && membership.role !== 'admin') {
      throw TaskingErrors.deputyChairRoleRequired.error(
        `The deputy chair must hold the chair (or admin) role in this partnership; this member is ${membership.role}.`,
        { deputyChairUserId: userId, role: membership.role },
      );
    }
  }

  private async checkAgencies(partnershipId: string, ids: string[]): Promise<string[]> {
    const wanted = ids.map((id) => id.toLowerCase());
    if (new Set(wanted).size !== wanted.length) throw invalidInput([{ path: 'agencyIds', message: 'agencyIds must not repeat an agency' }]);
    const known = await this.partnerships.agencyIdsOf(partnershipId, wanted);
    const foreign = wanted.filter((id) => !known.has(id));
    if (foreign.length)
      throw PartnershipErrors.agencyNotInPartnership.error(`Not an agency of this partnership: ${foreign.join(', ')}.`, { agencyIds: foreign });
    return wanted;
  }
}

function deputyIsChair(deputyChairUserId: string, chairUserId: string) {
  return TaskingErrors.deputyChairIsChair.error('The deputy chair must be someone other than the chair: name another deputy chair, or null for none.', {
    deputyChairUserId,
    chairUserId,
  });
}

function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}
