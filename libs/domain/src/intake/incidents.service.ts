import { Injectable } from '@nestjs/common';
import { Clock, notFound, invalidInput, isUuid, type InvalidField } from '@app/core';
import { readCreatedPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { AuditService } from '../audit';
import { prepareIncident, type IncidentInput } from './incident-rules';
import { IncidentsRepository, type IncidentFilters, type IncidentRow, type IncidentValues, type RevisionRow, type UpsertResult } from './incidents.repository';
import { INTAKE_LIMITS } from './intake.constants';
import { SubjectKeys } from './subject-keys';

export interface IncidentQuery extends PageQueryDto, IncidentFilters {}

export interface PushOutcome {
  id: string;
  sourceSystem: string;
  externalId: string;
  result: UpsertResult;
}

export interface PushSummary {
  items: PushOutcome[];
  counts: Record<UpsertResult, number>;
}

export interface IncidentDetail extends IncidentRow {
  revisions: RevisionRow[];
}

/**
 * Incidents pushed by police and council systems.
 *
 * Rules:
 * - `(sourceSystem, externalId)` names one incident per partnership: the
 *   same content again is a no-op (`unchanged`, answered as a replay), other
 *   content updates it, keeping the earlier state as a revision;
 * - a batch holds at most INTAKE_LIMITS.batch incidents, each record once,
 *   and is stored whole or not at all (400 naming `items[i].field`);
 * - subjects are stored only as keyed hashes (SubjectKeys) and never read back.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly repo: IncidentsRepository,
    private readonly keys: SubjectKeys,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  /** Checks and normalises a batch (400 on any error, naming `items[i]`); `batch: false` names fields without the prefix. */
  async prepare(partnershipId: string, inputs: IncidentInput[], options: { batch: boolean; importId?: string | null }): Promise<IncidentValues[]> {
    if (inputs.length > INTAKE_LIMITS.batch) throw invalidInput([{ path: 'items', message: `at most ${INTAKE_LIMITS.batch} incidents in one push` }]);
    const hash = await this.keys.hasherFor(partnershipId);
    const errors: InvalidField[] = [];
    const values: IncidentValues[] = [];
    const seen = new Map<string, number>();
    for (const [i, input] of inputs.entries()) {
      const prepared = prepareIncident(input, hash, { importId: options.importId, path: options.batch ? `items[${i}]` : undefined });
      errors.push(...prepared.errors);
      if (!prepared.values) continue;
      const key = `${prepared.values.sourceSystem}\u0000${prepared.values.externalId}`;
      if (seen.has(key)) errors.push({ path: options.batch ? `items[${i}].externalId` : 'externalId', message: `the same record as items[${seen.get(key)}]` });
      seen.set(key, i);
      values.push(prepared.values);
    }
    if (errors.length) throw invalidInput(errors.slice(0, 100));
    return values;
  }

  /** Stores prepared incidents in the caller's transaction (no audit row: the caller records the push). */
  async store(partnershipId: string, values: IncidentValues[]): Promise<PushSummary> {
    const results = values.length ? await this.repo.upsert(partnershipId, values, this.clock.now()) : [];
    const counts: Record<UpsertResult, number> = { created: 0, updated: 0, unchanged: 0 };
    const items = results.map((r) => {
      counts[r.result]++;
      return { id: r.id, sourceSystem: r.sourceSystem, externalId: r.externalId, result: r.result };
    });
    return { items, counts };
  }

  async push(partnershipId: string, inputs: IncidentInput[], options: { batch: boolean }): Promise<PushSummary> {
    const values = await this.prepare(partnershipId, inputs, options);
    const summary = await this.store(partnershipId, values);
    if (summary.counts.created || summary.counts.updated) {
      const [first] = summary.items;
      await this.audit.record({
        action: 'incidents.pushed',
        target: { type: 'incident', id: summary.items.length === 1 && first ? first.id : null },
        details: { ...summary.counts, sourceSystems: [...new Set(values.map((v) => v.sourceSystem))].slice(0, 20) },
      });
    }
    return summary;
  }

  async get(partnershipId: string, id: string): Promise<IncidentDetail> {
    const row = isUuid(id) ? await this.repo.find(partnershipId, id.toLowerCase()) : null;
    if (!row) throw notFound('incident');
    return { ...row, revisions: await this.repo.revisions(row.id) };
  }

  async list(partnershipId: string, query: IncidentQuery): Promise<Page<IncidentRow>> {
    return readCreatedPage(
      query,
      async (after, limit) => {
        if (query.nominationId && !isUuid(query.nominationId)) return [];
        return this.repo.list(partnershipId, {
          category: query.category,
          sourceSystem: query.sourceSystem,
          lsoaCode: query.lsoaCode?.toUpperCase(),
          wardCode: query.wardCode?.toUpperCase(),
          from: query.from ? periodStart(query.from) : undefined,
          to: query.to ? periodEnd(query.to) : undefined,
          nominationId: query.nominationId?.toLowerCase(),
          after,
          limit,
        });
      },
      (r) => r,
    );
  }
}

/** `YYYY-MM` or `YYYY-MM-DD` -> the first day it covers. */
export function periodStart(value: string): string {
  return value.length === 7 ? `${value}-01` : value;
}

/** `YYYY-MM` or `YYYY-MM-DD` -> the last day it covers. */
export function periodEnd(value: string): string {
  if (value.length !== 7) return value;
  const [y = 0, m = 0] = value.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${value}-${String(last).padStart(2, '0')}`;
}
