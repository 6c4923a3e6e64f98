import { Injectable } from '@nestjs/common';
import { ConflictProblem, NotFoundProblem, RuleViolation, TransactionHost, isUuid, uuidv7 } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import type { Role } from '@app/core/security';
import { AuditService } from '../audit/audit.service';
import { PartnershipsService } from '../partnerships/partnerships.service';
import { Membership } from './membership.entity';
import { User } from './user.entity';

export interface MemberView {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  createdAt: Date;
}

export interface MyMembership {
  partnershipId: string;
  partnershipCode: string;
  partnershipName: string;
  role: Role;
  agencyId: string | null;
}

/** Who belongs to a partnership, with which role. */
@Injectable()
export class MembershipsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
    private readonly partnerships: PartnershipsService,
  ) {}

  /**
   * A user's membership of a partnership. Works before any partnership is
   * chosen when the transaction carries the user (row-level security shows
   * a user their own memberships).
   */
  async find(partnershipId: string, userId: string): Promise<Membership | null> {
    return this.tx.manager.getRepository(Membership).findOneBy({ partnershipId, userId });
  }

  /** The user's own memberships in every partnership (the transaction must carry the user). */
  async forUser(userId: string): Promise<MyMembership[]> {
    return this.tx.manager.query<MyMembership[]>(
      `SELECT m.partnership_id AS "partnershipId", p.code AS "partnershipCode", p.name AS "partnershipName", m.role, m.agency_id AS "agencyId"
       FROM memberships m JOIN partnerships p ON p.id = m.partnership_id
       WHERE m.user_id = $1 ORDER BY p.name`,
      [userId],
    );
  }

  /** Members in e-mail order. A read of personal data: audited. */
  async list(partnershipId: string, query: PageQueryDto): Promise<Page<MemberView>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.user_id')
      .select(['m.user_id AS "userId"', 'u.email AS email', 'u.display_name AS "displayName"', 'm.role AS role', 'm.agency_id AS "agencyId"', 'm.created_at AS "createdAt"'])
      .where('m.partnership_id = :partnershipId', { partnershipId });
    if (after) qb.andWhere('(u.email, m.user_id) > (:email, :userId)', { email: after.k, userId: after.id });
    const rows = await qb.orderBy('u.email', 'ASC').addOrderBy('m.user_id', 'ASC').limit(limit + 1).getRawMany<MemberView>();
    const page = toPage(rows, limit, (r) => ({ k: r.email, id: r.userId }), (r) => r);
    await this.audit.record({
      action: 'members.read',
      target: { type: 'membership' },
      details: { userIds: page.items.map((m) => m.userId) },
    });
    return page;
  }

  async add(partnershipId: string, input: { userId: string; role: Role; agencyId?: string | null }): Promise<MemberView> {
    const m = this.tx.manager;
    const user = isUuid(input.userId) ? await m.getRepository(User).findOneBy({ id: input.userId }) : null;
    if (!user) throw new NotFoundProblem('user');
    const agencyId = input.agencyId ?? null;
    if (input.role === 'partner' && !agencyId) {
      throw new RuleViolation('partner-needs-agency', 'A member with the partner role belongs to one of the partnership\'s agencies: give agencyId.');
    }
    // Only an agency of this partnership (another partnership's agency is not found).
    if (agencyId) await this.partnerships.getAgency(partnershipId, agencyId);
    const repo = m.getRepository(Membership);
    if (await repo.existsBy({ partnershipId, userId: user.id })) {
      throw new ConflictProblem('member-exists', 'The user is already a member of this partnership; remove them first to change the role.');
    }
    const saved = await repo.save(repo.create({ id: uuidv7(), partnershipId, userId: user.id, role: input.role, agencyId }));
    await this.audit.record({
      action: 'member.added',
      target: { type: 'user', id: user.id },
      details: { role: saved.role, agencyId },
    });
    return { userId: user.id, email: user.email, displayName: user.displayName, role: saved.role, agencyId, createdAt: saved.createdAt };
  }

  async remove(partnershipId: string, userId: string): Promise<void> {
    const repo = this.tx.manager.getRepository(Membership);
    const found = isUuid(userId) ? await repo.findOneBy({ partnershipId, userId }) : null;
    if (!found) throw new NotFoundProblem('member');
    if (found.role === 'admin') {
      const admins = await repo.countBy({ partnershipId, role: 'admin' });
      if (admins <= 1) throw new RuleViolation('last-admin', 'The partnership\'s last admin cannot be removed; make another member admin first.');
    }
    await repo.delete({ id: found.id });
    await this.audit.record({ action: 'member.removed', target: { type: 'user', id: userId }, details: { role: found.role } });
  }
}
