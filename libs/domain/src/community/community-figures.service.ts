import { Injectable } from '@nestjs/common';
import { Clock, addCalendarMonths, addCalendarDays } from '@app/core';
import { currentPrincipal } from '@app/core/security';
import { ProblemsService } from '../problems';
import { CommunityErrors } from './community.errors';
import {
  COMMUNITY_PROBLEM_SOURCES,
  SMALL_COUNT_THRESHOLD,
  SOURCE_KINDS,
  type IntelligenceAssessment,
  type SourceEvaluation,
  type SourceKind,
} from './community.constants';
import { EngagementsRepository, type AreaQuarterRow } from './engagements.repository';
import { readerOf } from './handling';
import { IntelligenceRepository } from './intelligence.repository';

/** One figure, in the shape every hallmark figure takes. */
export interface CommunityFigure {
  key: string;
  hallmark: 'engaged_communities' | 'visible_accountability';
  /** Null when it cannot be computed (nothing to divide by). */
  value: number | null;
  numerator?: number;
  denominator?: number;
  definition: string;
  /** False when the figure rests on fewer than SMALL_COUNT_THRESHOLD records: read it with care. */
  sufficientData: boolean;
}

export interface CommunityFigures {
  from: string;
  to: string;
  figures: CommunityFigure[];
  engagementsByAreaAndQuarter: AreaQuarterRow[];
  /** By source evaluation and assessment (e.g. `1-A`); only the items the caller may read: C-coded items outside their conditions are not counted. */
  intelligenceByGrade: { grade: string; sourceEvaluation: SourceEvaluation; intelligenceAssessment: IntelligenceAssessment; count: number }[];
  intelligenceBySourceKind: { sourceKind: SourceKind | 'none'; count: number }[];
}

/** The longest period the figures cover at once. */
const MAX_PERIOD_MONTHS = 36;

/**
 * Figures for the engaged-communities hallmark over a period (default: the
 * twelve months to today, Europe/London): engagements held (per area and
 * quarter), issues raised, answered and how fast, answers published, the
 * share of problems logged from community sources, and intelligence items
 * by grade and by source kind.
 *
 * Small counts: a rate or median over fewer than SMALL_COUNT_THRESHOLD
 * records says so (`sufficientData: false`); a rate over nothing is null.
 * The intelligence counts apply the handling rule like every read: C-coded
 * items the caller may not read are not counted, so no figure reveals them.
 */
@Injectable()
export class CommunityFiguresService {
  constructor(
    private readonly clock: Clock,
    private readonly engagements: EngagementsRepository,
    private readonly intelligence: IntelligenceRepository,
    private readonly problems: ProblemsService,
  ) {}

  async figures(partnershipId: string, period: { from?: string; to?: string }): Promise<CommunityFigures> {
    const to = period.to ?? this.clock.today();
    const from = period.from ?? addCalendarDays(addCalendarMonths(to, -12), 1);
    if (from > to) throw CommunityErrors.periodInverted.error(`from (${from}) is after to (${to}).`, { from, to });
    if (addCalendarMonths(from, MAX_PERIOD_MONTHS) <= to)
      throw CommunityErrors.periodTooLong.error(`The figures cover at most ${MAX_PERIOD_MONTHS} months at once.`, { from, to });
    const reader = readerOf(currentPrincipal());
    const held = await this.engagements.engagementCount(partnershipId, from, to);
    const byArea = await this.engagements.engagementsByAreaAndQuarter(partnershipId, from, to);
    const issues = await this.engagements.issueCounts(partnershipId, from, to);
    const sources = await this.problems.countsBySource(partnershipId, from, to);
    const problemsLogged = [...sources.values()].reduce((a, b) => a + b, 0);
    const fromCommunity = COMMUNITY_PROBLEM_SOURCES.reduce((n, s) => n + (sources.get(s) ?? 0), 0);
    const grades = await this.intelligence.countsByGrade(partnershipId, reader, from, to);
    const kinds = await this.intelligence.countsBySourceKind(partnershipId, reader, from, to);
    const itemCount = grades.reduce((n, g) => n + g.n, 0);

    const figures: CommunityFigure[] = [
      count(
        'engagements_held',
        'engaged_communities',
        held,
        'Engagements with the community held in the period (PACT and ward meetings, surveys, street briefings, audits, online).',
      ),
      count('issues_raised', 'engaged_communities', issues.raised, 'Issues raised at engagements held in the period.'),
      rate('issues_answered_share', 'engaged_communities', issues.answered, issues.raised, 'Share of the issues raised in the period that have an answer.'),
      {
        key: 'issues_answer_median_days',
        hallmark: 'engaged_communities',
        value: issues.medianDaysToAnswer,
        definition: 'Median days from the engagement to the answer, over the issues raised in the period that have one.',
        sufficientData: issues.answered >= SMALL_COUNT_THRESHOLD,
      },
      rate(
        'issues_decided_share',
        'engaged_communities',
        issues.nominated + issues.linked + issues.closed,
        issues.raised,
        'Share of the issues raised in the period nominated for tasking, linked to work under way, or closed with a reason.',
      ),
      count('answers_published', 'visible_accountability', issues.published, '"You said, we did" answers published for issues raised in the period.'),
      rate(
        'problems_from_community_share',
        'engaged_communities',
        fromCommunity,
        problemsLogged,
        `Share of the problems logged in the period whose source is community engagement, community intelligence, an environmental visual audit or an ASB case review (${COMMUNITY_PROBLEM_SOURCES.join(', ')}).`,
      ),
      count('intelligence_items', 'engaged_communities', itemCount, 'Community intelligence items reported in the period that you may read.'),
    ];
    const byKind = new Map(kinds.map((k) => [k.kind ?? 'none', k.n]));
    return {
      from,
      to,
      figures,
      engagementsByAreaAndQuarter: byArea,
      intelligenceByGrade: grades
        .map((g) => {
          const sourceEvaluation = Number(g.sourceEvaluation) as SourceEvaluation;
          return { grade: `${sourceEvaluation}-${g.intelligenceAssessment}`, sourceEvaluation, intelligenceAssessment: g.intelligenceAssessment, count: g.n };
        })
        .sort((a, b) => a.grade.localeCompare(b.grade)),
      intelligenceBySourceKind: [...SOURCE_KINDS, 'none' as const].map((sourceKind) => ({ sourceKind, count: byKind.get(sourceKind) ?? 0 })),
    };
  }
}

function count(key: string, hallmark: CommunityFigure['hallmark'], value: number, definition: string): CommunityFigure {
  return { key, hallmark, value, definition, sufficientData: value >= SMALL_COUNT_THRESHOLD };
}

function rate(key: string, hallmark: CommunityFigure['hallmark'], numerator: number, denominator: number, definition: string): CommunityFigure {
  return {
    key,
    hallmark,
    value: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000,
    numerator,
    denominator,
    definition,
    sufficientData: denominator >= SMALL_COUNT_THRESHOLD,
  };
}
