import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid, uuidv7 } from '@app/core';
import { Agency } from './agency.entity';
import type { AgencyKind } from './partnership.constants';
import { keysetRows } from '../shared/keyset';
import { nameTakenIn } from '../shared/sql';

/** A page of a partnership's agencies by name, after the keyset of the last one seen. */
export interface AgencyPageQuery {
  kind?: AgencyKind;
  after?: { name: string; id: string };
  limit: number;
}

export interface AgencyRow {
  id: string;
  name: string;
  kind: AgencyKind;
}

/** Every query on the agencies table. */
@Injectable()
export class AgenciesRepository {
  constructor(private readonly tx: TransactionHost) {}

  page(partnershipId: string, query: AgencyPageQuery): Promise<Agency[]> {
    const qb = this.tx.manager.getRepository(Agency).createQueryBuilder('a').where('a.partnership_id = :partnershipId', { partnershipId });
    if (query.kind) qb.andWhere('a.kind = :kind', { kind: query.kind });
    return keysetRows(qb, { column: 'name', order: 'ASC' }, query.after && { key: query.after.name, id: query.after.id }, query.limit);
  }

  /** The partnership's agency, or null (also for a malformed id). */
  find(partnershipId: string, id: string): Promise<Agency | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(Agency).findOneBy({ id, partnershipId });
  }

  /** Every agency of the partnership, by name. */
  all(partnershipId: string): Promise<AgencyRow[]> {
    return this.tx.manager
      .getRepository(Agency)
      .createQueryBuilder('a')
      .select(['a.id AS id', 'a.name AS name', 'a.kind AS kind'])
      .where('a.partnership_id = :partnershipId', { partnershipId })
      .orderBy('a.name', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getRawMany<AgencyRow>();
  }

  /** Which of `ids` (UUIDs) are agencies of the partnership. */
  async existingIds(partnershipId: string, ids: string[]): Promise<Set<string>> {
    const rows = await this.tx.manager
      .getRepository(Agency)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where('a.partnership_id = :partnershipId AND a.id = ANY(:wanted)', { partnershipId, wanted: ids })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  /** Whether the partnership has an agency of this name, ignoring case. */
  nameTaken(partnershipId: string, name: string): Promise<boolean> {
    return nameTakenIn(this.tx.manager, Agency, partnershipId, name);
  }

  /** Writes the agency and returns it as stored. */
  insert(agency: Pick<Agency, 'id' | 'partnershipId' | 'name' | 'kind'>): Promise<Agency> {
    const repo = this.tx.manager.getRepository(Agency);
    return repo.save(repo.create(agency));
  }

  /** Writes each agency whose name the partnership does not have yet; how many were written. */
  async insertIfAbsent(partnershipId: string, agencies: { name: string; kind: AgencyKind }[]): Promise<number> {
    const rows = await this.tx.manager.query<unknown[]>(
      `INSERT INTO agencies (id, partnership_id, name, kind)
       SELECT a.id, $1, a.name, a.kind FROM unnest($2::uuid[], $3::text[], $4::text[]) AS a(id, name, kind)
       ON CONFLICT (partnership_id, name) DO NOTHING RETURNING id`,
      [partnershipId, agencies.map(() => uuidv7()), agencies.map((a) => a.name), agencies.map((a) => a.kind)],
    );
    return rows.length;
  }
}
