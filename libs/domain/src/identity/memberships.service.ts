import { Injectable } from '@nestjs/common';
import { isUuid, notFound, uuidv7 } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import type { Role } from '@app/core/security';
import { AuditService } from '../audit';
import { PartnershipsService } from '../partnerships';
import { IdentityErrors } from './identity.errors';
import type { Membership } from './membership.entity';
import { MembershipsRepository, type MemberRow, type UserMembershipRow } from './memberships.repository';
import { UsersRepository } from './users.repository';

export type MemberView = MemberRow;

export type MyMembership = UserMembershipRow;

/** Who belongs to a partnership, with which role. */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly repository: MembershipsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly partnerships: PartnershipsService,
  ) {}

  /**
   * A user's membership of a partnership. Works before any partnership is
   * chosen when the transaction carries the user (row-level security shows
   * a user their own memberships).
   */
  async find(partnershipId: string, userId: string): Promise<Membership | null> {
    return this.repository.find(partnershipId, userId);
  }

  /** The user's own memberships in every partnership (the transaction must carry the user). */
  async forUser(userId: string): Promise<MyMembership[]> {
    return this.repository.forUser(userId);
  }

  /** Members in e-mail order. A read of personal data: audited. */
  async list(partnershipId: string, query: PageQueryDto): Promise<Page<MemberView>> {
    const page = await readPage(
      query,
      (after, limit) => this.repository.page(partnershipId, { after: after && { email: String(after.k), userId: after.id }, limit }),
      (r) => ({ k: r.email, id: r.userId }),
      (r) => r,
    );
    await this.audit.record({
      action: 'members.read',
      target: { type: 'membership' },
      details: { userIds: page.items.map((m) => m.userId) },
    });
    return page;
  }

  async add(partnershipId: string, input: { userId: string; role: Role; agencyId?: string | null }): Promise<MemberView> {
    const user = await this.users.find(input.userId);
    if (!user) throw notFound('user');
    const agencyId = input.agencyId ?? null;
    if (input.role === 'partner' && !agencyId) {
      throw IdentityErrors.partnerNeedsAgency.error("A member with the partner role belongs to one of the partnership's agencies: give agencyId.");
    }
    // Only an agency of this partnership (another partnership's agency is not found).
    if (agencyId) await this.partnerships.getAgency(partnershipId, agencyId);
    if (await this.repository.exists(partnershipId, user.id)) {
      throw IdentityErrors.memberExists.error('The user is already a member of this partnership; remove them first to change the role.');
    }
    const saved = await this.repository.insert({ id: uuidv7(), partnershipId, userId: user.id, role: input.role, agencyId });
    await this.audit.record({
      action: 'member.added',
      target: { type: 'user', id: user.id },
      details: { role: saved.role, agencyId },
    });
    return { userId: user.id, email: user.email, displayName: user.displayName, role: saved.role, agencyId, createdAt: saved.createdAt };
  }

  async remove(partnershipId: string, userId: string): Promise<void> {
    const found = isUuid(userId) ? await this.repository.find(partnershipId, userId) : null;
    if (!found) throw notFound('member');
    if (found.role === 'admin') {
      const admins = await this.repository.countAdmins(partnershipId);
      if (admins <= 1) throw IdentityErrors.lastAdmin.error("The partnership's last admin cannot be removed; make another member admin first.");
    }
    await this.repository.delete(found.id);
    await this.audit.record({ action: 'member.removed', target: { type: 'user', id: userId }, details: { role: found.role } });
  }
}
