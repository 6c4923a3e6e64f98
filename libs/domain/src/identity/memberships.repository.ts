import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { Role } from '@app/core/security';
import { Membership } from './membership.entity';
import { User } from './user.entity';

/** A member as lists show them: the membership with the user's name and address. */
export interface MemberRow {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  createdAt: Date;
}

/** One of a user's own memberships, with its partnership's code and name. */
export interface UserMembershipRow {
  partnershipId: string;
  partnershipCode: string;
  partnershipName: string;
  role: Role;
  agencyId: string | null;
}

/** Every query on the memberships table. */
@Injectable()
export class MembershipsRepository {
  constructor(private readonly tx: TransactionHost) {}

  find(partnershipId: string, userId: string): Promise<Membership | null> {
    return this.tx.manager.getRepository(Membership).findOneBy({ partnershipId, userId });
  }

  exists(partnershipId: string, userId: string): Promise<boolean> {
    return this.tx.manager.getRepository(Membership).existsBy({ partnershipId, userId });
  }

  /** The user's memberships in every partnership, by partnership name (row-level security shows a user their own). */
  forUser(userId: string): Promise<UserMembershipRow[]> {
    return this.tx.manager.query<UserMembershipRow[]>(
      `SELECT m.partnership_id AS "partnershipId", p.code AS "partnershipCode", p.name AS "partnershipName", m.role, m.agency_id AS "agencyId"
       FROM memberships m JOIN partnerships p ON p.id = m.partnership_id
       WHERE m.user_id = $1 ORDER BY p.name`,
      [userId],
    );
  }

  /** Members by e-mail address then user id, after the keyset of the last one seen; `limit` rows at most. */
  page(partnershipId: string, query: { after?: { email: string; userId: string }; limit: number }): Promise<MemberRow[]> {
    const qb = this.tx.manager
      .getRepository(Membership)
      .createQueryBuilder('m')
      .innerJoin(User, 'u', 'u.id = m.user_id')
      .select([
        'm.user_id AS "userId"',
        'u.email AS email',
        'u.display_name AS "displayName"',
        'm.role AS role',
        'm.agency_id AS "agencyId"',
        'm.created_at AS "createdAt"',
      ])
      .where('m.partnership_id = :partnershipId', { partnershipId });
    if (query.after) qb.andWhere('(u.email, m.user_id) > (:email, :userId)', query.after);
    return qb.orderBy('u.email', 'ASC').addOrderBy('m.user_id', 'ASC').limit(query.limit).getRawMany<MemberRow>();
  }

  /** Writes the membership and returns it as stored. */
  insert(membership: Pick<Membership, 'id' | 'partnershipId' | 'userId' | 'role' | 'agencyId'>): Promise<Membership> {
    const repo = this.tx.manager.getRepository(Membership);
    return repo.save(repo.create(membership));
  }

  countAdmins(partnershipId: string): Promise<number> {
    return this.tx.manager.getRepository(Membership).countBy({ partnershipId, role: 'admin' });
  }

  async delete(id: string): Promise<void> {
    await this.tx.manager.getRepository(Membership).delete({ id });
  }
}
