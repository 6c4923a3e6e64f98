import { Injectable } from '@nestjs/common';
import { ConflictProblem, NotFoundProblem, TransactionHost, isUuid, uuidv7 } from '@app/core';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { Agency } from './agency.entity';
import type { AgencyKind } from './partnership.constants';
import { Partnership } from './partnership.entity';

export interface PartnershipRef {
  id: string;
  code: string;
}

@Injectable()
export class PartnershipsService {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Finds a partnership by UUID or by code. The partnerships table is readable
   * without a tenant (names and codes are not confidential); everything inside
   * a partnership is not.
   */
  async resolve(idOrCode: string): Promise<PartnershipRef | null> {
    const repo = this.tx.manager.getRepository(Partnership);
    const where = isUuid(idOrCode) ? { id: idOrCode.toLowerCase() } : { code: idOrCode.toLowerCase() };
    const found = await repo.findOne({ where, select: { id: true, code: true } });
    return found ? { id: found.id, code: found.code } : null;
  }

  async get(id: string): Promise<Partnership> {
    const found = await this.tx.manager.getRepository(Partnership).findOneBy({ id });
    if (!found) throw new NotFoundProblem('partnership');
    return found;
  }

  /** Partnerships in name order; `onlyIds` restricts the list (a caller's memberships). */
  async list(query: PageQueryDto, onlyIds?: string[]): Promise<Page<Partnership>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager.getRepository(Partnership).createQueryBuilder('p');
    if (onlyIds) qb.andWhere('p.id = ANY(:onlyIds)', { onlyIds });
    if (after) qb.andWhere('(p.name, p.id) > (:name, :id)', { name: after.k, id: after.id });
    const rows = await qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').limit(limit + 1).getMany();
    return toPage(rows, limit, (r) => ({ k: r.name, id: r.id }), (r) => r);
  }

  async listAgencies(partnershipId: string, query: PageQueryDto & { kind?: AgencyKind }): Promise<Page<Agency>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const qb = this.tx.manager
      .getRepository(Agency)
      .createQueryBuilder('a')
      .where('a.partnership_id = :partnershipId', { partnershipId });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    if (after) qb.andWhere('(a.name, a.id) > (:name, :id)', { name: after.k, id: after.id });
    const rows = await qb.orderBy('a.name', 'ASC').addOrderBy('a.id', 'ASC').limit(limit + 1).getMany();
    return toPage(rows, limit, (r) => ({ k: r.name, id: r.id }), (r) => r);
  }

  async getAgency(partnershipId: string, agencyId: string): Promise<Agency> {
    const found = isUuid(agencyId)
      ? await this.tx.manager.getRepository(Agency).findOneBy({ id: agencyId, partnershipId })
      : null;
    if (!found) throw new NotFoundProblem('agency');
    return found;
  }

  async createAgency(partnershipId: string, input: { name: string; kind: AgencyKind }): Promise<Agency> {
    const repo = this.tx.manager.getRepository(Agency);
    const name = input.name.trim().replace(/\s+/g, ' ');
    const clash = await repo
      .createQueryBuilder('a')
      .where('a.partnership_id = :partnershipId AND lower(a.name) = lower(:name)', { partnershipId, name })
      .getExists();
    if (clash) throw new ConflictProblem('agency-exists', `An agency named "${name}" already exists in this partnership.`);
    return repo.save(repo.create({ id: uuidv7(), partnershipId, name, kind: input.kind }));
  }
}
