import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { SelectQueryBuilder } from 'typeorm';
import type { HandlingCode, IntelligenceAssessment, SourceEvaluation, SourceKind } from './community.constants';
import type { Reader } from './handling';
import { IntelligenceItem, IntelligenceSource } from './intelligence.entity';
import { nextReferenceNumber } from '../shared/sql';

export interface IntelligenceFilters {
  problemId?: string;
  priorityId?: string;
  category?: string;
  areaCode?: string;
  handlingCode?: HandlingCode;
  sourceEvaluation?: SourceEvaluation;
  intelligenceAssessment?: IntelligenceAssessment;
  sourceId?: string;
  strategicAssessmentId?: string;
  requirementIndex?: number;
  from?: string;
  to?: string;
}

/** An item as summaries show it: grade, category, area and date; `readable` says whether the reader may open it. */
export interface IntelligenceSummaryRow {
  id: string;
  reportedOn: string;
  category: string;
  areaCode: string | null;
  sourceEvaluation: SourceEvaluation;
  intelligenceAssessment: IntelligenceAssessment;
  handlingCode: HandlingCode;
  requirementIndex: number | null;
  readable: boolean;
}

export interface GradeCountRow {
  sourceEvaluation: SourceEvaluation;
  intelligenceAssessment: IntelligenceAssessment;
  n: number;
}

export interface SourceKindCountRow {
  kind: SourceKind | null;
  n: number;
}

/**
 * The handling rule (handling.ts `mayRead`) as SQL over an item aliased
 * `alias`, with the reader's named parameters (`readerParams`). Every read of
 * intelligence_items in this repository carries it, so a C-coded item the
 * reader may not see is never fetched.
 */
export function readableSql(alias: string): string {
  const a = alias;
  // coalesce: a reader without a user id, role or agency compares with NULL, which must mean "no", never "unknown".
  return `coalesce(${a}.handling_code = 'P' OR :readerCustodian OR ${a}.created_by_id = :readerUserId::uuid OR (
    (cardinality(${a}.handling_roles) > 0 OR cardinality(${a}.handling_agency_ids) > 0)
    AND (cardinality(${a}.handling_roles) = 0 OR :readerRole::text = ANY(${a}.handling_roles))
    AND (cardinality(${a}.handling_agency_ids) = 0 OR :readerAgencyId::uuid = ANY(${a}.handling_agency_ids))), false)`;
}

export function readerParams(reader: Reader): Record<string, unknown> {
  return { readerCustodian: reader.custodian, readerUserId: reader.userId, readerRole: reader.role, readerAgencyId: reader.agencyId };
}

const SUMMARY_COLUMNS = (
  a: string,
) => `${a}.id AS "id", to_char(${a}.reported_on, 'YYYY-MM-DD') AS "reportedOn", ${a}.category AS "category", ${a}.area_code AS "areaCode",
  ${a}.source_evaluation AS "sourceEvaluation", ${a}.intelligence_assessment AS "intelligenceAssessment", ${a}.handling_code AS "handlingCode",
  ${a}.requirement_index AS "requirementIndex", ${readableSql(a)} AS "readable"`;

/** Every query on intelligence_items, intelligence_sources and intelligence_source_counters. */
@Injectable()
export class IntelligenceRepository {
  constructor(private readonly tx: TransactionHost) {}

  // ---- sources ----------------------------------------------------------

  /** The next source number of the partnership; the counter row stays locked until the transaction ends (no gaps). */
  nextSourceNumber(partnershipId: string): Promise<number> {
    return nextReferenceNumber(this.tx.manager, 'intelligence_source_counters', partnershipId);
  }

  async insertSource(row: Omit<IntelligenceSource, 'createdAt' | 'updatedAt' | 'assignId'>): Promise<void> {
    await this.tx.manager.getRepository(IntelligenceSource).insert(row);
  }

  findSource(partnershipId: string, id: string): Promise<IntelligenceSource | null> {
    return this.tx.manager.getRepository(IntelligenceSource).findOneBy({ partnershipId, id: id.toLowerCase() });
  }

  /** By number, newest first; `beforeNumber` is the keyset. */
  listSources(partnershipId: string, query: { kind?: SourceKind; beforeNumber?: number; limit: number }): Promise<IntelligenceSource[]> {
    const qb = this.tx.manager.getRepository(IntelligenceSource).createQueryBuilder('s').where('s.partnership_id = :partnershipId', { partnershipId });
    if (query.kind) qb.andWhere('s.kind = :kind', { kind: query.kind });
    if (query.beforeNumber !== undefined) qb.andWhere('s.number < :number', { number: query.beforeNumber });
    return qb.orderBy('s.number', 'DESC').limit(query.limit).getMany();
  }

  /** Handles and kinds of sources (what an item shows its custodians). */
  async sourceRefs(partnershipId: string, ids: readonly string[]): Promise<Map<string, { handle: string; kind: SourceKind }>> {
    if (!ids.length) return new Map();
    const rows = await this.tx.manager.query<{ id: string; handle: string; kind: SourceKind }[]>(
      `SELECT id, handle, kind FROM intelligence_sources WHERE partnership_id = $1 AND id = ANY($2::uuid[])`,
      [partnershipId, [...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, { handle: r.handle, kind: r.kind }]));
  }

  // ---- items ------------------------------------------------------------

  async insertItem(row: Omit<IntelligenceItem, 'createdAt' | 'updatedAt' | 'assignId'>): Promise<void> {
    await this.tx.manager.getRepository(IntelligenceItem).insert(row);
  }

  /** One item, if the reader may read it (otherwise null: to them it does not exist). */
  findReadableItem(partnershipId: string, id: string, reader: Reader): Promise<IntelligenceItem | null> {
    return this.items(partnershipId, reader).andWhere('i.id = :id', { id: id.toLowerCase() }).getOne();
  }

  /** Newest first (ids are time-ordered), only what the reader may read; `beforeId` is the keyset. */
  listReadableItems(
    partnershipId: string,
    reader: Reader,
    filters: IntelligenceFilters,
    page: { beforeId?: string; limit: number },
  ): Promise<IntelligenceItem[]> {
    const qb = this.items(partnershipId, reader);
    applyFilters(qb, filters);
    if (page.beforeId) qb.andWhere('i.id < :beforeId', { beforeId: page.beforeId });
    return qb.orderBy('i.id', 'DESC').limit(page.limit).getMany();
  }

  /**
   * Summaries of every item matching the filters (readable or not), newest
   * first, at most `limit`: what a problem or the intelligence requirement
   * shows. The caller decides what an unreadable one may show.
   */
  summaries(partnershipId: string, reader: Reader, filters: IntelligenceFilters, limit: number): Promise<IntelligenceSummaryRow[]> {
    const qb = this.tx.manager
      .getRepository(IntelligenceItem)
      .createQueryBuilder('i')
      .select(SUMMARY_COLUMNS('i'))
      .where('i.partnership_id = :partnershipId', { partnershipId })
      .setParameters(readerParams(reader));
    applyFilters(qb, filters);
    return qb.orderBy('i.reported_on', 'DESC').addOrderBy('i.id', 'DESC').limit(limit).getRawMany<IntelligenceSummaryRow>();
  }

  /** Summaries of the items linked to any of `problemIds`, each with its problem, newest first, at most `perProblem` for each problem. */
  summariesOfProblems(
    partnershipId: string,
    reader: Reader,
    problemIds: string[],
    perProblem: number,
  ): Promise<(IntelligenceSummaryRow & { problemId: string })[]> {
    const ranked = this.rankedSummaries(partnershipId, reader, 'i.problem_id')
      .addSelect('i.problem_id', 'problemId')
      .andWhere('i.problem_id = ANY(:problemIds::uuid[])', { problemIds });
    return this.topRanked(ranked, perProblem).orderBy('x."problemId"').addOrderBy('x.rn').getRawMany();
  }

  /**
   * Summaries of the items answering an assessment's intelligence
   * requirement, reported in [from, to]: the newest `perItem` for each
   * requirement item, each row with how many there are in all (`total`).
   */
  requirementSummaries(
    partnershipId: string,
    reader: Reader,
    assessmentId: string,
    period: { from: string; to: string },
    perItem: number,
  ): Promise<(IntelligenceSummaryRow & { total: number })[]> {
    const ranked = this.rankedSummaries(partnershipId, reader, 'i.requirement_index')
      .addSelect('(count(*) OVER (PARTITION BY i.requirement_index))::int', 'total')
      .andWhere('i.strategic_assessment_id = :assessmentId', { assessmentId })
      .andWhere('i.reported_on BETWEEN :from::date AND :to::date', period);
    return this.topRanked(ranked, perItem).orderBy('x."requirementIndex"').addOrderBy('x.rn').getRawMany();
  }

  /** Summaries of the partnership's items with `rn`, their rank (newest first) among those of the same `partition`. */
  private rankedSummaries(partnershipId: string, reader: Reader, partition: string): SelectQueryBuilder<IntelligenceItem> {
    return this.tx.manager
      .getRepository(IntelligenceItem)
      .createQueryBuilder('i')
      .select(SUMMARY_COLUMNS('i'))
      .addSelect(`row_number() OVER (PARTITION BY ${partition} ORDER BY i.reported_on DESC, i.id DESC)`, 'rn')
      .where('i.partnership_id = :partnershipId', { partnershipId })
      .setParameters(readerParams(reader));
  }

  /** The rows of `ranked` ranked `limit` or better, as `x`. */
  private topRanked(ranked: SelectQueryBuilder<IntelligenceItem>, limit: number) {
    return this.tx.manager
      .createQueryBuilder()
      .select('x.*')
      .from(`(${ranked.getQuery()})`, 'x')
      .setParameters(ranked.getParameters())
      .where('x.rn <= :limit', { limit });
  }

  /** Items reported in [from, to] by grade: only those the reader may read. */
  async countsByGrade(partnershipId: string, reader: Reader, from: string, to: string): Promise<GradeCountRow[]> {
    const qb = this.tx.manager
      .getRepository(IntelligenceItem)
      .createQueryBuilder('i')
      .select(['i.source_evaluation AS "sourceEvaluation"', 'i.intelligence_assessment AS "intelligenceAssessment"', 'count(*)::int AS "n"'])
      .where('i.partnership_id = :partnershipId', { partnershipId })
      .andWhere(readableSql('i'), readerParams(reader))
      .andWhere('i.reported_on BETWEEN :from::date AND :to::date', { from, to })
      .groupBy('i.source_evaluation')
      .addGroupBy('i.intelligence_assessment');
    return qb.getRawMany<GradeCountRow>();
  }

  /** Items reported in [from, to] by the kind of their source (null: no source recorded): only those the reader may read. */
  async countsBySourceKind(partnershipId: string, reader: Reader, from: string, to: string): Promise<SourceKindCountRow[]> {
    return this.tx.manager
      .getRepository(IntelligenceItem)
      .createQueryBuilder('i')
      .leftJoin(IntelligenceSource, 's', 's.id = i.source_id')
      .select(['s.kind AS "kind"', 'count(*)::int AS "n"'])
      .where('i.partnership_id = :partnershipId', { partnershipId })
      .andWhere(readableSql('i'), readerParams(reader))
      .andWhere('i.reported_on BETWEEN :from::date AND :to::date', { from, to })
      .groupBy('s.kind')
      .getRawMany<SourceKindCountRow>();
  }

  private items(partnershipId: string, reader: Reader): SelectQueryBuilder<IntelligenceItem> {
    return this.tx.manager
      .getRepository(IntelligenceItem)
      .createQueryBuilder('i')
      .where('i.partnership_id = :partnershipId', { partnershipId })
      .andWhere(readableSql('i'), readerParams(reader));
  }
}

function applyFilters<T extends object>(qb: SelectQueryBuilder<T>, f: IntelligenceFilters): void {
  if (f.problemId) qb.andWhere('i.problem_id = :problemId', { problemId: f.problemId.toLowerCase() });
  if (f.priorityId) qb.andWhere('i.control_strategy_priority_id = :priorityId', { priorityId: f.priorityId.toLowerCase() });
  if (f.category) qb.andWhere('i.category = :category', { category: f.category });
  if (f.areaCode) qb.andWhere('i.area_code = :areaCode', { areaCode: f.areaCode });
  if (f.handlingCode) qb.andWhere('i.handling_code = :handlingCode', { handlingCode: f.handlingCode });
  if (f.sourceEvaluation !== undefined) qb.andWhere('i.source_evaluation = :sourceEvaluation', { sourceEvaluation: f.sourceEvaluation });
  if (f.intelligenceAssessment) qb.andWhere('i.intelligence_assessment = :intelligenceAssessment', { intelligenceAssessment: f.intelligenceAssessment });
  if (f.sourceId) qb.andWhere('i.source_id = :sourceId', { sourceId: f.sourceId.toLowerCase() });
  if (f.strategicAssessmentId) qb.andWhere('i.strategic_assessment_id = :strategicAssessmentId', { strategicAssessmentId: f.strategicAssessmentId });
  if (f.requirementIndex !== undefined) qb.andWhere('i.requirement_index = :requirementIndex', { requirementIndex: f.requirementIndex });
  if (f.from) qb.andWhere('i.reported_on >= :from::date', { from: f.from });
  if (f.to) qb.andWhere('i.reported_on <= :to::date', { to: f.to });
}
