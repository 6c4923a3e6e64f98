import { Injectable } from '@nestjs/common';
import { ConflictProblem, NotFoundProblem, PreconditionFailedProblem, TransactionHost, isUuid, uuidv7 } from '@app/core';
import { AuditService } from '../audit/audit.service';
import { decodeCursor, pageLimit, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { Agency } from './agency.entity';
import type { AgencyKind } from './partnership.constants';
import { Partnership } from './partnership.entity';
import { PartnershipSettingsListeners } from './settings-listeners';

export interface PartnershipRef {
  id: string;
  code: string;
}

export interface PartnershipSettings {
  reviewIntervalMonths?: number;
  tacticalCadenceDays?: number;
  controlStrategyStrands?: string[];
}

export interface CreatePartnershipInput extends PartnershipSettings {
  code: string;
  name: string;
  referencePrefix: string;
  policeForce?: string | null;
}

@Injectable()
export class PartnershipsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly audit: AuditService,
    private readonly listeners: PartnershipSettingsListeners,
  ) {}

  /**
   * Finds a partnership by UUID or by code. The partnerships table is readable
   * without a tenant (names and codes are not confidential); everything inside
   * a partnership is not.
   */
  /**
   * The partnership an id or code names, or null. Partnerships are readable
   * without a tenant, so callers outside any transaction (a public route, a
   * CLI command) may ask: the lookup then runs in a transaction of its own.
   */
  async resolve(idOrCode: string): Promise<PartnershipRef | null> {
    const lookup = async () => {
      const where = isUuid(idOrCode) ? { id: idOrCode.toLowerCase() } : { code: idOrCode.toLowerCase() };
      const found = await this.tx.manager.getRepository(Partnership).findOne({ where, select: { id: true, code: true } });
      return found ? { id: found.id, code: found.code } : null;
    };
    return this.tx.inTransaction ? lookup() : this.tx.run(null, lookup);
  }

  async get(id: string): Promise<Partnership> {
    const found = await this.tx.manager.getRepository(Partnership).findOneBy({ id });
    if (!found) throw new NotFoundProblem('partnership');
    return found;
  }

  /**
   * The partnership's settings, share-locked until the transaction ends: a
   * concurrent settings change waits for it (and it for one in progress), so
   * work derived from a setting (e.g. a review due date from the review
   * interval) never commits against a value that has just changed.
   */
  async lockSettings(id: string): Promise<Partnership> {
    const found = await this.tx.manager
      .getRepository(Partnership)
      .createQueryBuilder('p')
      .setLock('pessimistic_read')
      .where('p.id = :id', { id })
      .getOne();
    if (!found) throw new NotFoundProblem('partnership');
    return found;
  }

  /** A new partnership (written inside its own context, as row-level security requires). */
  async create(input: CreatePartnershipInput): Promise<Partnership> {
    const repo = this.tx.manager.getRepository(Partnership);
    const code = input.code.toLowerCase();
    if (await repo.existsBy({ code })) throw new ConflictProblem('partnership-exists', `A partnership with the code ${code} already exists.`);
    if (await repo.existsBy({ referencePrefix: input.referencePrefix })) {
      throw new ConflictProblem('reference-prefix-taken', `The reference prefix ${input.referencePrefix} is already used.`);
    }
    const id = uuidv7();
    return this.tx.run(id, async () => {
      const created = await this.tx.manager.getRepository(Partnership).save(
        repo.create({
          id,
          code,
          name: input.name.trim(),
          referencePrefix: input.referencePrefix,
          policeForce: input.policeForce ?? null,
          ...(input.reviewIntervalMonths !== undefined && { reviewIntervalMonths: input.reviewIntervalMonths }),
          ...(input.tacticalCadenceDays !== undefined && { tacticalCadenceDays: input.tacticalCadenceDays }),
          ...(input.controlStrategyStrands !== undefined && { controlStrategyStrands: input.controlStrategyStrands }),
        }),
      );
      await this.audit.record({ action: 'partnership.created', target: { type: 'partnership', id }, details: { code, name: created.name } });
      return this.get(id);
    });
  }

  /**
   * Changes the settings. `expectedVersion` (from If-Match) must be the
   * current version: 412 otherwise. The version moves on every change. A new
   * review interval is passed to the PartnershipSettingsListeners in the same
   * transaction (the next review due date of the approved assessment moves).
   */
  async updateSettings(id: string, changes: PartnershipSettings, expectedVersion?: number): Promise<Partnership> {
    const current = await this.get(id);
    if (expectedVersion !== undefined && expectedVersion !== current.version) throw new PreconditionFailedProblem();
    const set: PartnershipSettings = {};
    const before: PartnershipSettings = {};
    for (const key of ['reviewIntervalMonths', 'tacticalCadenceDays', 'controlStrategyStrands'] as const) {
      if (changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key])) {
        (set as Record<string, unknown>)[key] = changes[key];
        (before as Record<string, unknown>)[key] = current[key];
      }
    }
    if (!Object.keys(set).length) return current;
    const result = await this.tx.manager
      .createQueryBuilder()
      .update(Partnership)
      .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' })
      .where('id = :id AND version = :version', { id, version: current.version })
      .execute();
    if (!result.affected) throw new PreconditionFailedProblem();
    await this.audit.record({ action: 'partnership.settings_changed', target: { type: 'partnership', id }, details: { before, after: set } });
    if (set.reviewIntervalMonths !== undefined) {
      await this.listeners.reviewIntervalChanged({ partnershipId: id, previousMonths: current.reviewIntervalMonths, reviewIntervalMonths: set.reviewIntervalMonths });
    }
    return this.get(id);
  }

  /** Every council with its partnership (public reference data): e.g. where an incident's LSOA belongs. */
  async localAuthorities(): Promise<{ code: string; name: string; partnershipId: string }[]> {
    return this.tx.manager.query('SELECT code, name, partnership_id AS "partnershipId" FROM local_authorities ORDER BY code');
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

  /** Every agency of the partnership, in name order (a partnership has tens, not thousands). */
  async agenciesOf(partnershipId: string): Promise<{ id: string; name: string; kind: AgencyKind }[]> {
    return this.tx.manager
      .getRepository(Agency)
      .createQueryBuilder('a')
      .select(['a.id AS id', 'a.name AS name', 'a.kind AS kind'])
      .where('a.partnership_id = :partnershipId', { partnershipId })
      .orderBy('a.name', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .getRawMany<{ id: string; name: string; kind: AgencyKind }>();
  }

  /** Which of `ids` are agencies of the partnership. */
  async agencyIdsOf(partnershipId: string, ids: string[]): Promise<Set<string>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (!wanted.length) return new Set();
    const rows = await this.tx.manager
      .getRepository(Agency)
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where('a.partnership_id = :partnershipId AND a.id = ANY(:wanted)', { partnershipId, wanted })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((r) => r.id));
  }

  async createAgency(partnershipId: string, input: { name: string; kind: AgencyKind }): Promise<Agency> {
    const repo = this.tx.manager.getRepository(Agency);
    const name = input.name.trim().replace(/\s+/g, ' ');
    const clash = await repo
      .createQueryBuilder('a')
      .where('a.partnership_id = :partnershipId AND lower(a.name) = lower(:name)', { partnershipId, name })
      .getExists();
    if (clash) throw new ConflictProblem('agency-exists', `An agency named "${name}" already exists in this partnership.`);
    const agency = await repo.save(repo.create({ id: uuidv7(), partnershipId, name, kind: input.kind }));
    await this.audit.record({ action: 'agency.created', target: { type: 'agency', id: agency.id }, details: { name, kind: agency.kind } });
    return agency;
  }
}
