import { Injectable } from '@nestjs/common';
import { ConflictProblem, NotFoundProblem, TransactionHost, ValidationProblem, isUuid } from '@app/core';
import { AuditService } from '../audit/audit.service';
import { User } from './user.entity';

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
    private readonly audit: AuditService,
  ) {}

  /** Sets (or replaces) the user's grant: every partnership, or the listed ones (which must exist). */
  async grant(input: { userId: string; allPartnerships?: boolean; partnershipIds?: string[] }): Promise<OversightGrant> {
    const all = input.allPartnerships === true;
    const ids = [...new Set((input.partnershipIds ?? []).map((id) => id.toLowerCase()))];
    if (all === ids.length > 0) {
      throw new ValidationProblem([{ path: 'partnershipIds', message: 'give either allPartnerships: true or at least one partnership id, not both' }]);
    }
    return this.tx.run(null, async () => {
      const repo = this.tx.manager.getRepository(User);
      const user = isUuid(input.userId) ? await repo.findOne({ where: { id: input.userId.toLowerCase() }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!user) throw new NotFoundProblem('user');
      if (user.platformAdmin) throw new ConflictProblem('platform-admin', 'A platform admin already sees every partnership; an oversight grant is for other users.');
      if (ids.length) {
        const rows = await this.tx.manager.query<{ id: string }[]>('SELECT id FROM partnerships WHERE id = ANY($1::uuid[])', [ids.filter(isUuid)]);
        const known = new Set(rows.map((r) => r.id));
        const unknown = ids.filter((id) => !known.has(id));
        if (unknown.length) throw new ValidationProblem(unknown.map((id) => ({ path: 'partnershipIds', message: `no partnership ${id}` })));
      }
      user.oversightAll = all;
      user.oversightPartnershipIds = ids;
      await repo.save(user);
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
      const repo = this.tx.manager.getRepository(User);
      const user = isUuid(userId) ? await repo.findOneBy({ id: userId.toLowerCase() }) : null;
      if (!user || (!user.oversightAll && user.oversightPartnershipIds.length === 0)) throw new NotFoundProblem('oversight grant');
      user.oversightAll = false;
      user.oversightPartnershipIds = [];
      await repo.save(user);
      await this.audit.record({ action: 'oversight.revoked', partnershipId: null, target: { type: 'user', id: user.id } });
    });
  }

  /** Every grant, by e-mail address (a handful of board members). */
  async list(): Promise<OversightGrant[]> {
    return this.tx.run(null, async () => {
      const users = await this.tx.manager
        .getRepository(User)
        .createQueryBuilder('u')
        .where('u.oversight_all OR cardinality(u.oversight_partnership_ids) > 0')
        .orderBy('u.email', 'ASC')
        .getMany();
      return users.map(toGrant);
    });
  }
}
