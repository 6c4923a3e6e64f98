import { Injectable } from '@nestjs/common';
import { notFound, TransactionHost } from '@app/core';
import { PartnershipsService } from '../partnerships';
import { ProblemCategoriesService } from '../problems';
import { CATEGORY_NAMES_CY, COMMUNITY_LIMITS, ENGAGEMENT_KIND_LABELS, SMALL_COUNT_THRESHOLD, type EngagementKind } from './community.constants';
import { EngagementsRepository } from './engagements.repository';

export interface Bilingual {
  en: string;
  /** Null where no Welsh was given. */
  cy: string | null;
}

/** One published answer: what residents raised (as a category, never their words) and what was done. */
export interface YouSaidWeDidEntry {
  /** `raisedBy`: how many raised it; null for 1 to 4 (suppressed, as figures shown outside the partnership are). */
  youSaid: { category: string; categoryName: Bilingual; raisedBy: number | null; engagementKind: EngagementKind; engagementKindName: Bilingual };
  weDid: Bilingual;
  agency: string;
  answeredOn: string;
}

export interface YouSaidWeDidFeed {
  partnership: { code: string; name: string };
  filters: { area: string | null; from: string | null; to: string | null };
  areas: { areaCode: string; months: { month: string; entries: YouSaidWeDidEntry[] }[] }[];
  /** The feed holds at most COMMUNITY_LIMITS.feedItems answers: true when more were published (narrow the dates). */
  truncated: boolean;
}

/**
 * The public "you said, we did" feed of a partnership: published answers
 * only, grouped by area and the month the issue was raised (latest month
 * first). It carries no personal data and no free text of the record other
 * than the answer written for the public: the category stands for what was
 * said, the agency's name for who acted. Welsh where given. How many raised
 * an issue is suppressed below five, as every figure shown outside the
 * partnership is.
 *
 * Unauthenticated: the partnership is found by its code (names and codes are
 * public), then read inside its own tenant transaction.
 */
@Injectable()
export class YouSaidWeDidService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly partnerships: PartnershipsService,
    private readonly categories: ProblemCategoriesService,
    private readonly repository: EngagementsRepository,
  ) {}

  async feed(code: string, filters: { area?: string; from?: string; to?: string }): Promise<YouSaidWeDidFeed> {
    // A public route: no request transaction. Partnerships are readable without a tenant; the rest is the partnership's.
    const ref = await this.tx.run(null, () => this.partnerships.resolve(code));
    if (!ref) throw notFound('partnership');
    return this.tx.run(ref.id, async () => {
      const partnership = await this.partnerships.get(ref.id);
      const rows = await this.repository.publishedAnswers(
        ref.id,
        { areaCode: filters.area?.trim().toUpperCase(), from: filters.from, to: filters.to },
        COMMUNITY_LIMITS.feedItems + 1,
      );
      const truncated = rows.length > COMMUNITY_LIMITS.feedItems;
      const kept = rows.slice(0, COMMUNITY_LIMITS.feedItems);
      const categoryNames = new Map((await this.categories.list(ref.id, { limit: 100 })).items.map((c) => [c.slug, c.name]));
      const agencyNames = new Map((await this.partnerships.agenciesOf(ref.id)).map((a) => [a.id, a.name]));
      const areas = new Map<string, Map<string, YouSaidWeDidEntry[]>>();
      for (const r of kept) {
        const months = areas.get(r.areaCode) ?? areas.set(r.areaCode, new Map()).get(r.areaCode)!;
        const entries = months.get(r.month) ?? months.set(r.month, []).get(r.month)!;
        entries.push({
          youSaid: {
            category: r.category,
            categoryName: { en: categoryNames.get(r.category) ?? r.category, cy: CATEGORY_NAMES_CY[r.category] ?? null },
            raisedBy: r.raisedByCount >= SMALL_COUNT_THRESHOLD ? r.raisedByCount : null,
            engagementKind: r.engagementKind,
            engagementKindName: ENGAGEMENT_KIND_LABELS[r.engagementKind],
          },
          weDid: { en: r.answerText, cy: r.answerTextCy },
          agency: agencyNames.get(r.agencyId) ?? '',
          answeredOn: r.answeredOn,
        });
      }
      return {
        partnership: { code: partnership.code, name: partnership.name },
        filters: { area: filters.area?.trim().toUpperCase() ?? null, from: filters.from ?? null, to: filters.to ?? null },
        areas: [...areas.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([areaCode, months]) => ({ areaCode, months: [...months.entries()].map(([month, entries]) => ({ month, entries })) })),
        truncated,
      };
    });
  }
}
