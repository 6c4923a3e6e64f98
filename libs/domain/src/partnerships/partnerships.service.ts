import { Injectable } from '@nestjs/common';
import { TransactionHost, isUuid, notFound, uuidv7 } from '@app/core';
import { readPage, type Page, type PageQueryDto } from '@app/core/pagination';
import type { Principal } from '@app/core/security';
import { AuditService } from '../audit';
import { AgenciesRepository, type AgencyRow } from './agencies.repository';
import type { Agency } from './agency.entity';
import type { AgencyKind } from './partnership.constants';
import type { Partnership } from './partnership.entity';
import { PartnershipErrors } from './partnerships.errors';
import { PartnershipsRepository, type LocalAuthorityRow, type PartnershipScope } from './partnerships.repository';
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

const SETTINGS = ['reviewIntervalMonths', 'tacticalCadenceDays', 'controlStrategyStrands'] as const;

/**
 * Partnerships (the tenants), their settings and agencies.
 *
 * Rules:
 * - a partnership's code and its reference prefix are unique (409
 *   `partnership-exists`, `reference-prefix-taken`);
 * - an agency's name is unique in its partnership, ignoring case (409 `agency-exists`);
 * - a caller lists the partnerships they belong to; an API key its own;
 *   a platform admin every one.
 */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repository: PartnershipsRepository,
    private readonly agencies: AgenciesRepository,
    private readonly audit: AuditService,
    private readonly listeners: PartnershipSettingsListeners,
  ) {}

  /**
   * The partnership an id or code names, or null. Partnerships are readable
   * without a tenant, so callers outside any transaction (a public route, a
   * CLI command) may ask: the lookup then runs in a transaction of its own.
   */
  async resolve(idOrCode: string): Promise<PartnershipRef | null> {
    const where = isUuid(idOrCode) ? { id: idOrCode.toLowerCase() } : { code: idOrCode.toLowerCase() };
    const lookup = () => this.repository.findRef(where);
    return this.tx.inTransaction ? lookup() : this.tx.run(null, lookup);
  }

  async get(id: string): Promise<Partnership> {
    const found = await this.repository.find(id);
    if (!found) throw notFound('partnership');
    return found;
  }

  /**
   * The partnership's settings, share-locked until the transaction ends: a
   * concurrent settings change waits for it (and it for one in progress), so
   * work derived from a setting (e.g. a review due date from the review
   * interval) never commits against a value that has just changed.
   */
  async lockSettings(id: string): Promise<Partnership> {
    const found = await this.repository.lockShared(id);
    if (!found) throw notFound('partnership');
    return found;
  }

  /** A new partnership (written inside its own context, as row-level security requires). */
  async create(input: CreatePartnershipInput): Promise<Partnership> {
    const code = input.code.toLowerCase();
    if (await this.repository.codeTaken(code)) throw PartnershipErrors.partnershipExists.error(`A partnership with the code ${code} already exists.`);
    if (await this.repository.referencePrefixTaken(input.referencePrefix)) {
      throw PartnershipErrors.referencePrefixTaken.error(`The reference prefix ${input.referencePrefix} is already used.`);
    }
    const id = uuidv7();
    const name = input.name.trim();
    return this.tx.run(id, async () => {
      await this.repository.insert({
        id,
        code,
        name,
        referencePrefix: input.referencePrefix,
        policeForce: input.policeForce ?? null,
        ...(input.reviewIntervalMonths !== undefined && { reviewIntervalMonths: input.reviewIntervalMonths }),
        ...(input.tacticalCadenceDays !== undefined && { tacticalCadenceDays: input.tacticalCadenceDays }),
        ...(input.controlStrategyStrands !== undefined && { controlStrategyStrands: input.controlStrategyStrands }),
      });
      await this.audit.record({ action: 'partnership.created', target: { type: 'partnership', id }, details: { code, name } });
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
    const current = await this.repository.lockForChange(id, expectedVersion);
    const set: PartnershipSettings = {};
    const before: PartnershipSettings = {};
    for (const key of SETTINGS) {
      if (changes[key] !== undefined && JSON.stringify(changes[key]) !== JSON.stringify(current[key])) {
        (set as Record<string, unknown>)[key] = changes[key];
        (before as Record<string, unknown>)[key] = current[key];
      }
    }
    if (!Object.keys(set).length) return current;
    await this.repository.update(id, set);
    await this.audit.record({ action: 'partnership.settings_changed', target: { type: 'partnership', id }, details: { before, after: set } });
    if (set.reviewIntervalMonths !== undefined) {
      await this.listeners.reviewIntervalChanged({
        partnershipId: id,
        previousMonths: current.reviewIntervalMonths,
        reviewIntervalMonths: set.reviewIntervalMonths,
      });
    }
    return this.get(id);
  }

  /** Every council with its partnership (public reference data): e.g. where an incident's LSOA belongs. */
  async localAuthorities(): Promise<LocalAuthorityRow[]> {
    return this.repository.localAuthorities();
  }

  /** Partnerships in name order; `onlyIds` restricts the list. */
  async list(query: PageQueryDto, onlyIds?: string[]): Promise<Page<Partnership>> {
    return this.page(query, onlyIds ? { ids: onlyIds } : { all: true });
  }

  /**
   * The partnerships the caller may list, in name order: an API key its
   * own, a platform admin every one, anyone else those they are a member of.
   */
  async listFor(principal: Principal, query: PageQueryDto): Promise<Page<Partnership>> {
    if (principal.kind === 'api_key') return this.page(query, { ids: [principal.partnershipId!] });
    if (principal.platformAdmin) return this.page(query, { all: true });
    return this.page(query, { memberUserId: principal.userId! });
  }

  /** Which of `ids` name a partnership (ids that are not UUIDs name none). */
  async existingIds(ids: string[]): Promise<Set<string>> {
    return this.repository.existingIds(ids.filter(isUuid));
  }

  async listAgencies(partnershipId: string, query: PageQueryDto & { kind?: AgencyKind }): Promise<Page<Agency>> {
    return readPage(
      query,
      (after, limit) => this.agencies.page(partnershipId, { kind: query.kind, after: after && { name: String(after.k), id: after.id }, limit }),
      (r) => ({ k: r.name, id: r.id }),
      (r) => r,
    );
  }

  async getAgency(partnershipId: string, agencyId: string): Promise<Agency> {
    const found = await this.agencies.find(partnershipId, agencyId);
    if (!found) throw notFound('agency');
    return found;
  }

  /** Every agency of the partnership, in name order (a partnership has tens, not thousands). */
  async agenciesOf(partnershipId: string): Promise<AgencyRow[]> {
    return this.agencies.all(partnershipId);
  }

  /** Which of `ids` are agencies of the partnership. */
  async agencyIdsOf(partnershipId: string, ids: string[]): Promise<Set<string>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (!wanted.length) return new Set();
    return this.agencies.existingIds(partnershipId, wanted);
  }

  async createAgency(partnershipId: string, input: { name: string; kind: AgencyKind }): Promise<Agency> {
    const name = input.name.trim().replace(/\s+/g, ' ');
    if (await this.agencies.nameTaken(partnershipId, name))
      throw PartnershipErrors.agencyExists.error(`An agency named "${name}" already exists in this partnership.`);
    const agency = await this.agencies.insert({ id: uuidv7(), partnershipId, name, kind: input.kind });
    await this.audit.record({ action: 'agency.created', target: { type: 'agency', id: agency.id }, details: { name, kind: agency.kind } });
    return agency;
  }

  private async page(query: PageQueryDto, scope: PartnershipScope): Promise<Page<Partnership>> {
    return readPage(
      query,
      (after, limit) => this.repository.page({ scope, after: after && { name: String(after.k), id: after.id }, limit }),
      (r) => ({ k: r.name, id: r.id }),
      (r) => r,
    );
  }
}
