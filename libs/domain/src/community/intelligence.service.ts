import { Injectable } from '@nestjs/common';
import { Clock, forbidden, invalidInput, isUuid, notFound, pick, uuidv7, type InvalidField } from '@app/core';
import { decodeCursor, pageLimit, readPage, toPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal, storedActor, type Actor, type Role } from '@app/core/security';
import { AuditService } from '../audit';
import { PartnershipsService } from '../partnerships';
import { ProblemCategoriesService, normaliseLocationCode, locationCodeProblem, ProblemsService } from '../problems';
import { ControlStrategiesService } from '../strategy';
import { CommunityRefusals } from './community.errors';
import { formatSourceHandle, type HandlingCode, type IntelligenceAssessment, type SourceEvaluation, type SourceKind } from './community.constants';
import { checkHandling, readerOf, type Reader } from './handling';
import { IntelligenceRepository, type IntelligenceFilters } from './intelligence.repository';
import { IntelligenceRequirementService } from './intelligence-requirement.service';
import { itemView, summaryOf, type IntelligenceItemView, type IntelligenceSummary } from './intelligence-views';
import type { IntelligenceSource } from './intelligence.entity';

export interface IntelligenceInput {
  reportedOn: string;
  category: string;
  areaCode?: string | null;
  locationLabel?: string | null;
  content: string;
  sourceEvaluation: SourceEvaluation;
  intelligenceAssessment: IntelligenceAssessment;
  handlingCode: HandlingCode;
  handlingConditions?: { text: string; roles?: Role[]; agencyIds?: string[] } | null;
  sourceId?: string | null;
  problemId?: string | null;
  priorityId?: string | null;
  requirementIndex?: number | null;
  strategicAssessmentId?: string | null;
}

export interface SourceInput {
  kind: SourceKind;
  identity?: string | null;
  contact?: string | null;
  notes?: string | null;
}

export interface SourceView {
  id: string;
  handle: string;
  kind: SourceKind;
  identity: string | null;
  contact: string | null;
  notes: string | null;
  recordedBy: Actor;
  createdAt: Date;
}

/**
 * Community intelligence: items graded 3x5x2 and the sources behind them.
 *
 * Rules:
 * - the grades are the scheme's (the DTOs refuse others with 400; CHECK
 *   constraints hold them underneath); a C code needs its conditions (422
 *   `handling-conditions-required`), a P code takes none;
 * - the category is the partnership's (422 `unknown-category`); the agencies a
 *   C code names are the partnership's (422 `agency-not-in-partnership`); a
 *   source, problem, priority or requirement link names one of the
 *   partnership's (422 `unknown-source`, `unknown-problem`,
 *   `priority-not-current`, `unknown-requirement`);
 * - every read goes through the repository's handling rule: a C-coded item
 *   the reader may not see is absent (404, left out of lists); where an item
 *   is linked (a problem) others see its sanitised summary only;
 * - the source's identity lives in the source record, read by the
 *   partnership's admins and analysts only (403 for everyone else, platform
 *   admins who are not members included); an item shows its custodians the
 *   source's handle and kind, nobody else anything of it;
 * - an API key (intelligence:read) reads P-coded items only: it is no named
 *   role or agency, so no condition can name it, and it never reads a
 *   C-coded item (summaries without ids where linked, like any other
 *   reader who may not open them); it records P-coded items only (403 for C);
 * - creations and every read of items and sources are audited; nothing of
 *   an item goes to the outbox (no webhook carries intelligence).
 */
@Injectable()
export class IntelligenceService {
  constructor(
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly repository: IntelligenceRepository,
    private readonly requirement: IntelligenceRequirementService,
    private readonly partnerships: PartnershipsService,
    private readonly categories: ProblemCategoriesService,
    private readonly problems: ProblemsService,
    private readonly strategies: ControlStrategiesService,
  ) {}

  // ---- items ------------------------------------------------------------

  async create(partnershipId: string, input: IntelligenceInput): Promise<IntelligenceItemView> {
    const handling = checkHandling(input);
    if (handling.handlingCode === 'C' && currentPrincipal()?.kind === 'api_key') {
      throw forbidden('An API key records P-coded intelligence only: a key is no named role or agency, so it could never read a C-coded item back.');
    }
    const today = this.clock.today();
    if (input.reportedOn > today) throw CommunityRefusals.dateInFuture('reportedOn', input.reportedOn, today);
    const content = input.content.trim();
    if (!content) throw invalidInput([{ path: 'content', message: 'content must not be empty' }]);
    const areaCode = checkAreaCode('areaCode', input.areaCode);
    if (!(await this.categories.exists(partnershipId, input.category))) throw CommunityRefusals.unknownCategory(input.category);
    if (handling.handlingAgencyIds.length) {
      const known = await this.partnerships.agencyIdsOf(partnershipId, handling.handlingAgencyIds);
      const unknown = handling.handlingAgencyIds.filter((a) => !known.has(a));
      if (unknown.length) throw CommunityRefusals.agencyNotInPartnership(unknown);
    }
    let sourceId: string | null = null;
    if (input.sourceId) {
      const source = isUuid(input.sourceId) ? await this.repository.findSource(partnershipId, input.sourceId) : null;
      if (!source) throw CommunityRefusals.unknownSource(input.sourceId);
      sourceId = source.id;
    }
    const problemId = await this.checkProblem(partnershipId, input.problemId ?? null);
    const priorityId = await this.checkPriority(partnershipId, input.priorityId ?? null);
    const link = await this.requirement.resolveLink(partnershipId, input.requirementIndex, input.strategicAssessmentId);
    const id = uuidv7();
    const actor = actorOf(currentPrincipal());
    await this.repository.insertItem({
      id,
      partnershipId,
      reportedOn: input.reportedOn,
      category: input.category,
      areaCode,
      locationLabel: input.locationLabel?.trim() || null,
      content,
      sourceEvaluation: input.sourceEvaluation,
      intelligenceAssessment: input.intelligenceAssessment,
      ...handling,
      sourceId,
      problemId,
      controlStrategyPriorityId: priorityId,
      ...link,
      createdByType: actor.type,
      createdById: actor.id,
    });
    await this.audit.record({
      action: 'intelligence.recorded',
      target: { type: 'intelligence_item', id },
      details: { grade: `${input.sourceEvaluation}-${input.intelligenceAssessment}-${handling.handlingCode}`, category: input.category, sourceId, problemId },
    });
    const created = await this.repository.findReadableItem(partnershipId, id, readerOf(currentPrincipal()));
    return itemView(created!, readerOf(currentPrincipal()), await this.sourceRef(partnershipId, created!.sourceId));
  }

  /** One item, if the caller may read it (404 otherwise, as for an item that does not exist). Audited. */
  async get(partnershipId: string, id: string): Promise<IntelligenceItemView> {
    const reader = readerOf(currentPrincipal());
    const item = isUuid(id) ? await this.repository.findReadableItem(partnershipId, id, reader) : null;
    if (!item) throw notFound('intelligence item');
    await this.audit.record({ action: 'intelligence.read', target: { type: 'intelligence_item', id: item.id }, details: { handlingCode: item.handlingCode } });
    return itemView(item, reader, await this.sourceRef(partnershipId, item.sourceId));
  }

  /** Newest first; only the items the caller may read. The read is audited (the ids returned). */
  async list(partnershipId: string, query: PageQueryDto & IntelligenceFilters): Promise<Page<IntelligenceItemView>> {
    const reader = readerOf(currentPrincipal());
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const rows = await this.repository.listReadableItems(partnershipId, reader, normaliseFilters(query), { beforeId: after?.id, limit: limit + 1 });
    const refs = reader.custodian
      ? await this.repository.sourceRefs(
          partnershipId,
          rows.flatMap((r) => (r.sourceId ? [r.sourceId] : [])),
        )
      : new Map();
    const page = toPage(
      rows,
      limit,
      (r) => ({ k: r.id, id: r.id }),
      (r) => itemView(r, reader, r.sourceId ? refs.get(r.sourceId) : undefined),
    );
    await this.auditListed('intelligence.listed', partnershipId, page);
    return page;
  }

  /** The intelligence linked to a problem, as sanitised summaries (ids only for items the caller may read). 404 for a problem not of the partnership. */
  async forProblem(partnershipId: string, problemId: string): Promise<IntelligenceSummary[]> {
    const [problem] = await this.problems.references(partnershipId, [problemId]);
    if (!problem) throw notFound('problem');
    const rows = await this.repository.summaries(partnershipId, readerOf(currentPrincipal()), { problemId: problem.id }, 200);
    return rows.map(summaryOf);
  }

  /**
   * The intelligence linked to each of the problems, as sanitised summaries
   * for a paper read beyond those who may open the items (a meeting pack):
   * grade, category, area and date, never an id or anything an item says, C
   * or P. At most `perProblem` for each problem, newest first.
   */
  async summariesForPaper(partnershipId: string, problemIds: string[], perProblem = 20): Promise<Map<string, IntelligenceSummary[]>> {
    const out = new Map<string, IntelligenceSummary[]>();
    if (!problemIds.length) return out;
    const rows = await this.repository.summariesOfProblems(partnershipId, readerOf(undefined), problemIds, perProblem);
    for (const row of rows) out.set(row.problemId, [...(out.get(row.problemId) ?? []), summaryOf({ ...row, readable: false })]);
    return out;
  }

  // ---- sources ----------------------------------------------------------

  async createSource(partnershipId: string, input: SourceInput): Promise<SourceView> {
    requireCustodian();
    const { referencePrefix } = await this.partnerships.get(partnershipId);
    const number = await this.repository.nextSourceNumber(partnershipId);
    const id = uuidv7();
    const handle = formatSourceHandle(referencePrefix, number);
    const actor = actorOf(currentPrincipal());
    const blank = (v: string | null | undefined) => v?.trim() || null;
    await this.repository.insertSource({
      id,
      partnershipId,
      number,
      handle,
      kind: input.kind,
      identity: input.kind === 'anonymous' ? null : blank(input.identity),
      contact: blank(input.contact),
      notes: blank(input.notes),
      createdByType: actor.type,
      createdById: actor.id,
    });
    await this.audit.record({ action: 'intelligence_source.created', target: { type: 'intelligence_source', id }, details: { handle, kind: input.kind } });
    return sourceView((await this.repository.findSource(partnershipId, id))!);
  }

  async getSource(partnershipId: string, id: string): Promise<SourceView> {
    requireCustodian();
    const source = isUuid(id) ? await this.repository.findSource(partnershipId, id) : null;
    if (!source) throw notFound('intelligence source');
    await this.audit.record({ action: 'intelligence_source.read', target: { type: 'intelligence_source', id: source.id }, details: { handle: source.handle } });
    return sourceView(source);
  }

  async listSources(partnershipId: string, query: PageQueryDto & { kind?: SourceKind }): Promise<Page<SourceView>> {
    requireCustodian();
    const page = await readPage(
      query,
      (after, limit) => this.repository.listSources(partnershipId, { kind: query.kind, beforeNumber: after ? Number(after.k) : undefined, limit }),
      (r) => ({ k: r.number, id: r.id }),
      sourceView,
    );
    await this.auditListed('intelligence_sources.listed', partnershipId, page);
    return page;
  }

  // ---- internals --------------------------------------------------------

  /** A list was read: the ids of the page it returned are audited (an empty page records nothing). */
  private async auditListed(action: string, partnershipId: string, page: Page<{ id: string }>): Promise<void> {
    if (!page.items.length) return;
    await this.audit.record({ action, target: { type: 'partnership', id: partnershipId }, details: { ids: page.items.map((i) => i.id) } });
  }

  private async sourceRef(partnershipId: string, sourceId: string | null): Promise<{ handle: string; kind: SourceKind } | undefined> {
    if (!sourceId || !readerOf(currentPrincipal()).custodian) return undefined;
    return (await this.repository.sourceRefs(partnershipId, [sourceId])).get(sourceId);
  }

  private async checkProblem(partnershipId: string, problemId: string | null): Promise<string | null> {
    if (problemId === null) return null;
    const [found] = await this.problems.references(partnershipId, [problemId]);
    if (!found) throw CommunityRefusals.unknownProblem(problemId);
    return found.id;
  }

  private async checkPriority(partnershipId: string, priorityId: string | null): Promise<string | null> {
    if (priorityId === null) return null;
    const current = await this.strategies.findCurrentPriority(partnershipId, priorityId.toLowerCase());
    if (!current) throw CommunityRefusals.priorityNotCurrent(priorityId);
    return current.id;
  }
}

/** Sources are the custodians' (a partnership's admins and analysts, as people): 403 for everyone else. */
function requireCustodian(): Reader {
  const reader = readerOf(currentPrincipal());
  if (!reader.custodian) throw forbidden("Intelligence sources are read and recorded by the partnership's admins and analysts only.");
  return reader;
}

function sourceView(s: IntelligenceSource): SourceView {
  return {
    ...pick(s, 'id', 'handle', 'kind', 'identity', 'contact', 'notes'),
    recordedBy: storedActor(s.createdByType, s.createdById),
    createdAt: s.createdAt,
  };
}

/** What is wrong with an area code, checked like a problem's location code, or null. */
export function areaCodeError(path: string, code: string): InvalidField | null {
  const problem = locationCodeProblem(code);
  return problem ? { path, message: `${path} ${problem}` } : null;
}

/** An area code as stored (upper case), checked like a problem's location code (400 otherwise). */
export function checkAreaCode(path: string, code: string | null | undefined): string | null {
  if (code === undefined || code === null) return null;
  const wrong = areaCodeError(path, code);
  if (wrong) throw invalidInput([wrong]);
  return normaliseLocationCode(code);
}

function normaliseFilters(f: IntelligenceFilters): IntelligenceFilters {
  return { ...f, areaCode: f.areaCode ? normaliseLocationCode(f.areaCode) : undefined };
}
