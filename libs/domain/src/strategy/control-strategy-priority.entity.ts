import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AssessmentPriority } from '../assessments/assessment-priority.entity';
import { Agency } from '../partnerships/agency.entity';
import { References, Timestamps } from '../shared/columns';
import type { StrandPlans } from './control-strategy.constants';
import { ControlStrategy } from './control-strategy.entity';

/**
 * A priority of one control strategy version. Its `id` is the priority's
 * stable identity, which problems and actions link to: a later version that
 * keeps acting on the same assessment priority (or names the id explicitly)
 * carries the same id, so links survive new versions. The row's key is
 * (version, id).
 */
@Entity('control_strategy_priorities')
@Index('uq_control_strategy_priorities_assessment_priority', ['controlStrategyId', 'assessmentPriorityId'], { unique: true })
@Index('ix_control_strategy_priorities_partnership_id', ['partnershipId', 'id'])
@Index('ix_control_strategy_priorities_assessment_priority', ['assessmentPriorityId'])
@Index('ix_control_strategy_priorities_lead_agency', ['leadAgencyId'])
export class ControlStrategyPriority extends Timestamps {
  @References(() => ControlStrategy, 'CASCADE', { primary: true })
  controlStrategyId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  partnershipId: string;

  @References(() => AssessmentPriority, 'RESTRICT')
  assessmentPriorityId: string;

  @References(() => Agency, 'RESTRICT')
  leadAgencyId: string;

  /** Order within the version (as submitted), from 1. */
  @Column('int')
  position: number;

  /** The assessment priority's title and category when this version was drafted. */
  @Column('text')
  title: string;

  @Column('text')
  category: string;

  /** The plan per strand: `{ <strand>: { objectives: [], measures: [] } }`. */
  @Column('jsonb')
  strands: StrandPlans;
}
