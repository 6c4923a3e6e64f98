import { Check, Column, Entity, Index, VersionColumn } from 'typeorm';
import { Agency } from '../partnerships/agency.entity';
import { StrategicAssessment } from '../assessments/strategic-assessment.entity';
import { AuthoredAggregate } from '../partnerships/partnership.entity';
import { Problem } from '../problems/problem.entity';
import { NullableColumn, PartnershipOwned, References } from '../shared/columns';
import { ENGAGEMENT_ISSUE_STATUSES, ENGAGEMENT_KINDS, type EngagementIssueStatus, type EngagementKind } from './community.constants';

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * An engagement with the community: a PACT or ward meeting, a survey, a
 * street briefing, an environmental visual audit, an online channel. Held on
 * a date (Europe/London), over one or more areas (ward or LSOA codes), with
 * its attendance or number of responses and the agencies present.
 * Listed by date; the kind and area filters have their indexes.
 */
@Entity('engagements')
@Index('ix_engagements_partnership_held', ['partnershipId', 'heldOn', 'id'])
@Index('ix_engagements_partnership_kind_held', ['partnershipId', 'kind', 'heldOn', 'id'])
@Check('ck_engagements_kind', `"kind" IN (${list(ENGAGEMENT_KINDS)})`)
@Check('ck_engagements_areas', 'cardinality("area_codes") >= 1')
@Check('ck_engagements_attendance', '"attendance" IS NULL OR "attendance" >= 0')
@Check('ck_engagements_responses', '"response_count" IS NULL OR "response_count" >= 0')
export class Engagement extends AuthoredAggregate {
  /** A Europe/London calendar date. */
  @Column('date')
  heldOn: string;

  @Column('text')
  kind: EngagementKind;

  @Column('text')
  title: string;

  /** Ward (W05...) or LSOA (W01...) codes, or the partnership's local area codes; upper case; at least one. */
  @Index('ix_engagements_area_codes', { type: 'gin' })
  @Column('text', { array: true })
  areaCodes: string[];

  /** People who attended (meetings, briefings, audits). */
  @NullableColumn('int')
  attendance: number | null;

  /** Responses received (surveys, online channels). */
  @NullableColumn('int')
  responseCount: number | null;

  /** The partnership's agencies that were present. */
  @Column('uuid', { array: true, default: () => `'{}'` })
  agencyIds: string[];

  @NullableColumn('text')
  notes: string | null;
}

/**
 * An issue residents raised at an engagement: its category (one of the
 * partnership's problem categories), where, what was said and how many
 * raised it; then what became of it (nominated, linked, closed) and the
 * answer the partnership gives the public ("you said, we did").
 *
 * `whatWasSaid` and `locationLabel` may name people: they never leave the
 * partnership (the public feed carries the area code, the category and the
 * published answer only).
 */
@Entity('engagement_issues')
@Index('ix_engagement_issues_engagement', ['engagementId', 'id'])
@Index('ix_engagement_issues_partnership_id', ['partnershipId', 'id'])
@Index('ix_engagement_issues_partnership_status', ['partnershipId', 'status', 'id'])
@Index('ix_engagement_issues_partnership_category', ['partnershipId', 'category', 'id'])
@Index('ix_engagement_issues_partnership_area', ['partnershipId', 'areaCode', 'id'])
// The list's answered=true and published=true filters (newest first).
@Index('ix_engagement_issues_partnership_answered', ['partnershipId', 'id'], { where: '"answered_at" IS NOT NULL' })
@Index('ix_engagement_issues_partnership_published_id', ['partnershipId', 'id'], { where: '"published_at" IS NOT NULL' })
@Index('ix_engagement_issues_problem', ['partnershipId', 'problemId'], { where: '"problem_id" IS NOT NULL' })
@Index('ix_engagement_issues_priority', ['partnershipId', 'controlStrategyPriorityId'], { where: '"control_strategy_priority_id" IS NOT NULL' })
@Index('ix_engagement_issues_requirement', ['partnershipId', 'strategicAssessmentId', 'requirementIndex'], { where: '"strategic_assessment_id" IS NOT NULL' })
// The public feed: published answers of a partnership by the month they were raised.
@Index('ix_engagement_issues_published', ['partnershipId', 'raisedOn', 'areaCode'], { where: '"published_at" IS NOT NULL' })
@Check('ck_engagement_issues_status', `"status" IN (${list(ENGAGEMENT_ISSUE_STATUSES)})`)
@Check('ck_engagement_issues_raised_by', '"raised_by_count" >= 1')
@Check(
  'ck_engagement_issues_requirement',
  '("strategic_assessment_id" IS NULL) = ("requirement_index" IS NULL) AND ("requirement_index" IS NULL OR "requirement_index" >= 0)',
)
@Check('ck_engagement_issues_nominated', `("status" <> 'nominated') OR "problem_id" IS NOT NULL OR "nomination_id" IS NOT NULL`)
@Check('ck_engagement_issues_linked', `("status" <> 'linked') OR "problem_id" IS NOT NULL OR "control_strategy_priority_id" IS NOT NULL`)
@Check('ck_engagement_issues_closed', `("status" = 'closed') = ("closed_reason" IS NOT NULL)`)
@Check('ck_engagement_issues_answer', '("answer_text" IS NULL) = ("answered_at" IS NULL) AND ("answer_text" IS NULL) = ("answer_agency_id" IS NULL)')
@Check('ck_engagement_issues_published', '"published_at" IS NULL OR "answer_text" IS NOT NULL')
export class EngagementIssue extends PartnershipOwned {
  @References(() => Engagement, 'CASCADE')
  engagementId: string;

  /** The engagement's date, copied: the public feed and the figures group by it. */
  @Column('date')
  raisedOn: string;

  /** One of the partnership's problem categories (its slug). */
  @Column('text')
  category: string;

  /** Where: an area code (defaults to the engagement's first area). */
  @Column('text')
  areaCode: string;

  @NullableColumn('text')
  locationLabel: string | null;

  @Column('text')
  whatWasSaid: string;

  @Column('int')
  raisedByCount: number;

  @Column('text', { default: 'open' })
  status: EngagementIssueStatus;

  /** The problem it was nominated as (once the chair accepted the nomination, or merged it), or linked to. */
  @References(() => Problem, 'RESTRICT', { nullable: true })
  problemId: string | null;

  /** The intake nomination it became (`engagement_issue`), decided by the chair in a tasking meeting. */
  @NullableColumn('uuid')
  nominationId: string | null;

  /** The control strategy priority it was linked to (its stable id). */
  @NullableColumn('uuid')
  controlStrategyPriorityId: string | null;

  @NullableColumn('text')
  closedReason: string | null;

  /** The assessment whose intelligence requirement it answers, and the requirement's position (0-based). */
  @References(() => StrategicAssessment, 'RESTRICT', { nullable: true })
  strategicAssessmentId: string | null;

  @NullableColumn('int')
  requirementIndex: number | null;

  /** When the status last moved from open. */
  @NullableColumn('timestamptz')
  decidedAt: Date | null;

  /** The answer written for the public ("we did"), in English, and in Welsh when given. */
  @NullableColumn('text')
  answerText: string | null;

  @NullableColumn('text')
  answerTextCy: string | null;

  /** The agency that acted. */
  @References(() => Agency, 'RESTRICT', { nullable: true })
  answerAgencyId: string | null;

  @NullableColumn('timestamptz')
  answeredAt: Date | null;

  @NullableColumn('uuid')
  answeredBy: string | null;

  /** Set while the answer is published in "you said, we did"; null when never published or withdrawn. */
  @NullableColumn('timestamptz')
  publishedAt: Date | null;

  @Column('text')
  createdByType: string;

  @NullableColumn('uuid')
  createdById: string | null;

  @VersionColumn({ default: 1 })
  version: number;
}
