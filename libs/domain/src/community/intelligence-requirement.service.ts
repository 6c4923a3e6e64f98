import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock, notFound, isUuid } from '@app/core';
import { currentPrincipal } from '@app/core/security';
import { StrategicAssessmentsService } from '../assessments';
import type { AssessmentStatus } from '../assessments';
import { AgendaExtensions } from '../tasking';
import { CommunityRefusals } from './community.errors';
import type { EngagementIssueStatus } from './community.constants';
import { EngagementsRepository } from './engagements.repository';
import { readerOf } from './handling';
import { IntelligenceRepository } from './intelligence.repository';
import { summaryOf, type IntelligenceSummary } from './intelligence-views';

/** What was received against one requirement item in the period. */
export interface RequirementAnswer {
  index: number;
  requirement: string;
  intelligence: IntelligenceSummary[];
  engagementIssues: { id: string; raisedOn: string; category: string; areaCode: string; status: EngagementIssueStatus }[];
  received: number;
  /** Nothing received in the review period. */
  gap: boolean;
}

export interface IntelligenceRequirementView {
  strategicAssessmentId: string;
  status: AssessmentStatus;
  /** The review period the answers are counted in (Europe/London dates, inclusive). */
  period: { from: string; to: string };
  items: RequirementAnswer[];
  gaps: number;
}

/** A requirement gap as an agenda names it. */
export interface RequirementGap {
  index: number;
  requirement: string;
}

/** At most this many answers per requirement item are listed (all are counted). */
const ANSWERS_LISTED = 100;

/**
 * The approved assessment's intelligence requirement, answered by
 * intelligence items and engagement issues (linked by `requirementIndex`),
 * and the links themselves: which assessment an index refers to.
 *
 * The review period runs from the assessment's review anchor (its approval
 * or last review, whichever is later) to today; for an assessment not
 * approved, from the start of its period. A requirement with nothing received
 * in it is a gap; the strategic group's agenda lists the gaps.
 */
@Injectable()
export class IntelligenceRequirementService implements OnModuleInit {
  constructor(
    private readonly clock: Clock,
    private readonly assessments: StrategicAssessmentsService,
    private readonly engagements: EngagementsRepository,
    private readonly intelligence: IntelligenceRepository,
    private readonly agenda: AgendaExtensions,
  ) {}

  onModuleInit(): void {
    this.agenda.onIntelligenceRequirementGaps((partnershipId) => this.gapsOfApproved(partnershipId));
  }

  /**
   * The assessment a requirement link names: `strategicAssessmentId` when
   * given, otherwise the approved one (422 `no-approved-assessment`); the
   * index must be one of its requirement items (422 `unknown-requirement`).
   */
  async resolveLink(
    partnershipId: string,
    requirementIndex: number | null | undefined,
    strategicAssessmentId?: string | null,
  ): Promise<{ strategicAssessmentId: string | null; requirementIndex: number | null }> {
    if (requirementIndex === undefined || requirementIndex === null) return { strategicAssessmentId: null, requirementIndex: null };
    let id = strategicAssessmentId ?? null;
    if (id === null) {
      const approved = await this.assessments.approvedStanding(partnershipId);
      if (!approved) throw CommunityRefusals.noApprovedAssessment();
      id = approved.id;
    }
    const requirement = await this.requirementOf(partnershipId, id).catch(() => null);
    if (!requirement) throw CommunityRefusals.unknownAssessment(id);
    if (requirementIndex >= requirement.items.length) throw CommunityRefusals.unknownRequirement(requirementIndex, requirement.items.length);
    return { strategicAssessmentId: requirement.id, requirementIndex };
  }

  async view(partnershipId: string, assessmentId: string): Promise<IntelligenceRequirementView> {
    const requirement = await this.requirementOf(partnershipId, assessmentId);
    const period = { from: requirement.periodFrom, to: this.clock.today() };
    const reader = readerOf(currentPrincipal());
    const received = await this.intelligence.requirementSummaries(partnershipId, reader, requirement.id, period, ANSWERS_LISTED);
    const issues = await this.engagements.requirementIssues(partnershipId, requirement.id, period.from, period.to, ANSWERS_LISTED);
    const items = requirement.items.map((text, index): RequirementAnswer => {
      const intelligence = received.filter((r) => r.requirementIndex === index);
      const engagementIssues = issues.filter((r) => r.requirementIndex === index);
      const count = (intelligence[0]?.total ?? 0) + (engagementIssues[0]?.total ?? 0);
      return {
        index,
        requirement: text,
        intelligence: intelligence.map(summaryOf),
        engagementIssues: engagementIssues.map(({ requirementIndex: _, total: __, ...r }) => r),
        received: count,
        gap: count === 0,
      };
    });
    return { strategicAssessmentId: requirement.id, status: requirement.status, period, items, gaps: items.filter((i) => i.gap).length };
  }

  /** The gaps of the approved assessment's requirement in its review period (for the strategic group's agenda); empty when none is approved. */
  async gapsOfApproved(partnershipId: string): Promise<RequirementGap[]> {
    const approved = await this.assessments.approvedStanding(partnershipId);
    if (!approved) return [];
    const view = await this.view(partnershipId, approved.id);
    return view.items.filter((i) => i.gap).map((i) => ({ index: i.index, requirement: i.requirement }));
  }

  private async requirementOf(partnershipId: string, id: string): Promise<{ id: string; status: AssessmentStatus; items: string[]; periodFrom: string }> {
    if (!isUuid(id)) throw notFound('strategic assessment');
    const { assessment } = await this.assessments.get(partnershipId, id.toLowerCase());
    const periodFrom = assessment.status === 'approved' && assessment.reviewAnchorDate ? assessment.reviewAnchorDate : assessment.periodStart;
    return { id: assessment.id, status: assessment.status, items: assessment.intelligenceRequirement ?? [], periodFrom };
  }
}
