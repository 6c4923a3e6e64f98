import { Injectable } from '@nestjs/common';
import { TransactionHost, invalidInput, notFound } from '@app/core';
import { AuditService } from '../audit';
import { PartnershipsService } from '../partnerships';
import { IdentityErrors } from './identity.errors';
import type { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** An oversight grant: a user who sees the aggregated figures of every partnership, or of those listed. */
export interface OversightGrant {
  userId: string;
  email: string;
  displayName: string;
  allPartnerships: boolean;
  partnershipIds: string[];
}

const toGrant = (u: User): OversightGrant => ({
  userId: u.id,
  email: u.email,
  displayName: u.displayName,
  allPartnerships: u.oversightAll,
  partnershipIds: u.oversightPartnershipIds,
});

/**
 * Grants of the oversight principal (a member of the national or a regional
 * board), made by platform admins. A grant is an attribute of the user: it
 * is read with the user on every request, at no extra cost. A platform admin
 * already sees everything and cannot also be an oversight principal.
 */
@Injectable()
export class OversightGrantsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly users: UsersRepository,
    private readonly partnerships: PartnershipsService,
    private readonly audit: AuditService,
  ) {}

  /** Sets (or replaces) the user's grant: every partnership, or the listed ones (which must exist). */
  async grant(input: { userId: string; allPartnerships?: boolean; partnershipIds?: string[] }): Promise<OversightGrant> {
    const all = input.allPartnerships === true;
    const ids = [...new Set((input.partnershipIds ?? []).map((id) => id.toLowerCase()))];
    if (all === ids.length > 0) {
      throw invalidInput([{ path: 'partnershipIds', message: 'give either allPartnerships: true or at least one partnership id, not both' }]);
    }
    return this.tx.run(null, async () => {
      const user = await this.users.lock(input.userId);
      if (!user) throw notFound('user');
      if (user.platformAdmin) throw IdentityErrors.platformAdmin.error();
      if (ids.length) {
        const known = await this.partnerships.existingIds(ids);
        const unknown = ids.filter((id) => !known.has(id));
        if (unknown.length) throw invalidInput(unknown.map((id) => ({ path: 'partnershipIds', message: `no partnership ${id}` })));
      }
      await this.users.saveOversight(user, all, ids);
      await this.audit.record({
        action: 'oversight.granted',
        partnershipId: null,
        target: { type: 'user', id: user.id },
        details: { allPartnerships: all, partnershipIds: ids },
      });
      return toGrant(user);
    });
  }

  async revoke(userId: string): Promise<void> {
    await this.tx.run(null, async () => {
      const user = await this.users.find(userId.toLowerCase());
      if (!user || (!user.oversightAll && user.oversightPartnershipIds.length === 0)) throw notFound('oversight grant');
      await this.users.saveOversight(user, false, []);
      await this.audit.record({ action: 'oversight.revoked', partnershipId: null, target: { type: 'user', id: user.id } });
    });
  }

  /** Every grant, by e-mail address (a handful of board members). */
  async list(): Promise<OversightGrant[]> {
    return this.tx.run(null, async () => {
      const users = await this.users.oversightHolders();
      return users.map(toGrant);
    });
  }
}
