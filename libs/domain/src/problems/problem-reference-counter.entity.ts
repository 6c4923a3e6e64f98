import { Entity } from 'typeorm';
import { ReferenceCounter } from '../partnerships/partnership.entity';

/** The last problem number given in a partnership: references (CDF-P-0042) have no gaps (see ReferenceCounter). */
@Entity('problem_reference_counters')
export class ProblemReferenceCounter extends ReferenceCounter {}
