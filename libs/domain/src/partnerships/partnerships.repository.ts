import { Injectable } from '@nestjs/common';
import { TransactionHost, VersionedRows } from '@app/core';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Partnership } from './partnership.entity';
import type { PartnershipSeed } from './reference-data/wales';
import { keysetRows } from '../shared/keyset';

/** Which partnerships a page lists: every one, those named, or those a user is a member of. */
export type PartnershipScope = { all: true } | { ids: string[] } | { memberUserId: string };

/** A page of partnerships by name, after the keyset of the last one seen. */
export interface PartnershipPageQuery {
  scope: PartnershipScope;
  after?: { name: string; id: string };
  limit: number;
}

/** A council as the public reference data lists it. */
export interface LocalAuthorityRow {
  code: string;
  name: string;
  partnershipId: string;
}

/**
 * Every query on the partnerships table and the councils that belong to
 * them. Partnerships are readable without a tenant (names and codes are not
 * confidential); each is written inside its own context, as row-level
 * security requires.
 */
@Injectable()
export class PartnershipsRepository {
  private readonly rows: VersionedRows<Partnership>;

  constructor(private readonly tx: TransactionHost) {
    this.rows = new VersionedRows(tx, Partnership, 'partnership');
  }

  /** The id and code of the partnership `where` names, or null. */
  async findRef(where: { id: string } | { code: string }): Promise<{ id: string; code: string } | null> {
    const found = await this.tx.manager.getRepository(Partnership).findOne({ where, select: { id: true, code: true } });
    return found ? { id: found.id, code: found.code } : null;
  }

  find(id: string): Promise<Partnership | null> {
    return this.tx.manager.getRepository(Partnership).findOneBy({ id });
  }

  /** The partnership, share-locked until the transaction ends (a settings change waits), or null. */
  lockShared(id: string): Promise<Partnership | null> {
    return this.tx.manager.getRepository(Partnership).createQueryBuilder('p').setLock('pessimistic_read').where('p.id = :id', { id }).getOne();
  }

  /** Locks the partnership for a change: 404 when there is none, 412 on another version. */
  lockForChange(id: string, expectedVersion?: number): Promise<Partnership> {
    return this.rows.lockForChange({ id }, expectedVersion);
  }

  /** Writes the changes and moves the version. */
  update(id: string, set: QueryDeepPartialEntity<Partnership>): Promise<void> {
    return this.rows.bumpVersion(id, set);
  }

  codeTaken(code: string): Promise<boolean> {
    return this.tx.manager.getRepository(Partnership).existsBy({ code });
  }

  referencePrefixTaken(referencePrefix: string): Promise<boolean> {
    return this.tx.manager.getRepository(Partnership).existsBy({ referencePrefix });
  }

  /** Writes a new partnership (inside its own context); omitted settings take the defaults. */
  async insert(
    partnership: Pick<Partnership, 'id' | 'code' | 'name' | 'referencePrefix' | 'policeForce'> &
      Partial<Pick<Partnership, 'reviewIntervalMonths' | 'tacticalCadenceDays' | 'controlStrategyStrands'>>,
  ): Promise<void> {
    const repo = this.tx.manager.getRepository(Partnership);
    await repo.save(repo.create(partnership));
  }

  /** Which of `ids` (UUIDs) name a partnership. */
  async existingIds(ids: string[]): Promise<Set<string>> {
    const rows = await this.tx.manager.query<{ id: string }[]>('SELECT id FROM partnerships WHERE id = ANY($1::uuid[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  page(query: PartnershipPageQuery): Promise<Partnership[]> {
    const qb = this.tx.manager.getRepository(Partnership).createQueryBuilder('p');
    const { scope } = query;
    if ('ids' in scope) qb.andWhere('p.id = ANY(:onlyIds)', { onlyIds: scope.ids });
    // Row-level security shows the transaction's user their own memberships.
    if ('memberUserId' in scope)
      qb.andWhere('p.id IN (SELECT m.partnership_id FROM memberships m WHERE m.user_id = :memberUserId)', { memberUserId: scope.memberUserId });
    return keysetRows(qb, { column: 'name', order: 'ASC' }, query.after && { key: query.after.name, id: query.after.id }, query.limit);
  }

  localAuthorities(): Promise<LocalAuthorityRow[]> {
    return this.tx.manager.query('SELECT code, name, partnership_id AS "partnershipId" FROM local_authorities ORDER BY code');
  }

  // ---- reference data -----------------------------------------------------

  async idOfCode(code: string): Promise<string | null> {
    const rows = await this.tx.manager.query<{ id: string }[]>('SELECT id FROM partnerships WHERE code = $1', [code]);
    return rows[0]?.id ?? null;
  }

  /** Writes the seed's partnership unless its code exists; whether it was written. */
  async insertSeedIfAbsent(id: string, seed: PartnershipSeed): Promise<boolean> {
    const inserted = await this.tx.manager.query<unknown[]>(
      `INSERT INTO partnerships (id, code, name, reference_prefix, police_force)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id`,
      [id, seed.code, seed.name, seed.referencePrefix, seed.policeForce],
    );
    return inserted.length > 0;
  }

  /** Writes each of the seed's councils whose code does not exist; how many were written. */
  async insertSeedCouncilsIfAbsent(partnershipId: string, seed: PartnershipSeed): Promise<number> {
    let written = 0;
    for (const la of seed.localAuthorities) {
      const rows = await this.tx.manager.query<unknown[]>(
        `INSERT INTO local_authorities (code, name, partnership_id, police_force, fire_and_rescue_service, health_board)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING RETURNING code`,
        [la.code, la.name, partnershipId, seed.policeForce, la.fireAndRescueService, la.healthBoard],
      );
      written += rows.length;
    }
    return written;
  }
}
