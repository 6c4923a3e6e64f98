import { Check, Column, Entity, Index } from 'typeorm';
import { ROLES } from '@app/core/security';
import { StrategicAssessment } from '../assessments/strategic-assessment.entity';
import { AuthoredRecord, ReferenceCounter } from '../partnerships/partnership.entity';
import { Problem } from '../problems/problem.entity';
import { NullableColumn, References } from '../shared/columns';
import {
  HANDLING_CODES,
  INTELLIGENCE_ASSESSMENTS,
  SOURCE_EVALUATIONS,
  SOURCE_KINDS,
  type HandlingCode,
  type IntelligenceAssessment,
  type SourceEvaluation,
  type SourceKind,
} from './community.constants';

const list = (values: readonly (string | number)[]) => values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(', ');

/**
 * Who gave the partnership intelligence. Held apart from what they reported:
 * an item names its source by the source's id and handle (e.g. CDF-S-0003)
 * only. Read and written by the partnership's admins and analysts; every read
 * is audited.
 */
@Entity('intelligence_sources')
@Index('uq_intelligence_sources_partnership_number', ['partnershipId', 'number'], { unique: true })
@Index('uq_intelligence_sources_partnership_handle', ['partnershipId', 'handle'], { unique: true })
@Index('ix_intelligence_sources_partnership_kind', ['partnershipId', 'kind', 'number'])
@Check('ck_intelligence_sources_kind', `"kind" IN (${list(SOURCE_KINDS)})`)
@Check('ck_intelligence_sources_number', '"number" >= 1')
export class IntelligenceSource extends AuthoredRecord {
  @Column('int')
  number: number;

  /** What the items show: the partnership's prefix, S and the number. */
  @Column('text')
  handle: string;

  @Column('text')
  kind: SourceKind;

  /** Who the source is (name, role, organisation); null for an anonymous source. Personal data. */
  @NullableColumn('text')
  identity: string | null;

  /** How to reach them. Personal data. */
  @NullableColumn('text')
  contact: string | null;

  /** The analysts' notes on the source (e.g. its track record, behind its evaluation). */
  @NullableColumn('text')
  notes: string | null;
}

/**
 * An item of community intelligence, graded 3x5x2: source evaluation (1-3),
 * intelligence assessment (A-E), handling code (P or C). A C code carries its
 * conditions (`handlingConditions`, required) and may name the roles and
 * agencies that may see the item; the repository applies them to every read.
 */
@Entity('intelligence_items')
@Index('ix_intelligence_items_partnership_id', ['partnershipId', 'id'])
@Index('ix_intelligence_items_partnership_reported', ['partnershipId', 'reportedOn', 'id'])
@Index('ix_intelligence_items_partnership_category', ['partnershipId', 'category', 'id'])
@Index('ix_intelligence_items_partnership_area', ['partnershipId', 'areaCode', 'id'], { where: '"area_code" IS NOT NULL' })
@Index('ix_intelligence_items_partnership_grade', ['partnershipId', 'sourceEvaluation', 'intelligenceAssessment', 'id'])
@Index('ix_intelligence_items_partnership_assessment', ['partnershipId', 'intelligenceAssessment', 'id'])
@Index('ix_intelligence_items_partnership_handling', ['partnershipId', 'handlingCode', 'id'])
@Index('ix_intelligence_items_source', ['partnershipId', 'sourceId'], { where: '"source_id" IS NOT NULL' })
@Index('ix_intelligence_items_problem', ['partnershipId', 'problemId'], { where: '"problem_id" IS NOT NULL' })
@Index('ix_intelligence_items_priority', ['partnershipId', 'controlStrategyPriorityId'], { where: '"control_strategy_priority_id" IS NOT NULL' })
@Index('ix_intelligence_items_requirement', ['partnershipId', 'strategicAssessmentId', 'requirementIndex'], { where: '"strategic_assessment_id" IS NOT NULL' })
@Check('ck_intelligence_items_source_evaluation', `"source_evaluation" IN (${list(SOURCE_EVALUATIONS)})`)
@Check('ck_intelligence_items_assessment', `"intelligence_assessment" IN (${list(INTELLIGENCE_ASSESSMENTS)})`)
@Check('ck_intelligence_items_handling_code', `"handling_code" IN (${list(HANDLING_CODES)})`)
@Check(
  'ck_intelligence_items_handling_conditions',
  `("handling_code" = 'C') = ("handling_conditions" IS NOT NULL) AND ("handling_code" = 'C' OR (cardinality("handling_roles") = 0 AND cardinality("handling_agency_ids") = 0))`,
)
@Check('ck_intelligence_items_handling_roles', `"handling_roles" <@ ARRAY[${list(ROLES)}]::text[]`)
@Check(
  'ck_intelligence_items_requirement',
  '("strategic_assessment_id" IS NULL) = ("requirement_index" IS NULL) AND ("requirement_index" IS NULL OR "requirement_index" >= 0)',
)
export class IntelligenceItem extends AuthoredRecord {
  /** When it was reported (Europe/London). */
  @Column('date')
  reportedOn: string;

  /** One of the partnership's problem categories. */
  @Column('text')
  category: string;

  @NullableColumn('text')
  areaCode: string | null;

  @NullableColumn('text')
  locationLabel: string | null;

  /** What was reported. */
  @Column('text')
  content: string;

  @Column('smallint')
  sourceEvaluation: SourceEvaluation;

  @Column('text')
  intelligenceAssessment: IntelligenceAssessment;

  @Column('text')
  handlingCode: HandlingCode;

  /** The conditions of a C code, as recorded (e.g. "not to be disclosed to the subject"); null for P. */
  @NullableColumn('text')
  handlingConditions: string | null;

  /** C only: the roles that may see it (empty: no role beyond the custodians). */
  @Column('text', { array: true, default: () => `'{}'` })
  handlingRoles: string[];

  /** C only: the agencies whose members may see it. */
  @Column('uuid', { array: true, default: () => `'{}'` })
  handlingAgencyIds: string[];

  /** The source record (never its identity). */
  @References(() => IntelligenceSource, 'RESTRICT', { nullable: true })
  sourceId: string | null;

  @References(() => Problem, 'RESTRICT', { nullable: true })
  problemId: string | null;

  @NullableColumn('uuid')
  controlStrategyPriorityId: string | null;

  @References(() => StrategicAssessment, 'RESTRICT', { nullable: true })
  strategicAssessmentId: string | null;

  @NullableColumn('int')
  requirementIndex: number | null;
}

/** The last source number given in a partnership (no gaps; concurrent creations queue on the row). */
@Entity('intelligence_source_counters')
export class IntelligenceSourceCounter extends ReferenceCounter {}
