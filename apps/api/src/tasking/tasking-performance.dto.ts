import { ApiProperty } from '@nestjs/swagger';
import { type AgencyPerformance, type PerformanceCounts, type PerformanceReport } from '@app/domain/tasking';
import { AGENCY_KINDS, type AgencyKind } from '@app/domain/partnerships';
import { OptionalDate } from '../common/validators';

export class PerformanceQueryDto {
  /** First due date of the period (inclusive). Default: 12 months before `to`, plus a day. */
  @OptionalDate('2025-01-16')
  from?: string;

  /** Last due date of the period (inclusive). Default: today (Europe/London). */
  @OptionalDate('2026-01-15')
  to?: string;
}

export class PerformanceCountsDto implements PerformanceCounts {
  /** Actions due in the period, cancelled ones left out (doneOnTime + doneLate + openOverdue + openNotDue). */
  due: number;
  /** Done, completed on or before the due date (Europe/London dates). */
  doneOnTime: number;
  /** Done, completed after the due date. */
  doneLate: number;
  /** Open or in progress, and the due date has passed. */
  openOverdue: number;
  /** Open or in progress, not yet overdue. */
  openNotDue: number;
  /** Cancelled actions due in the period (not in due). */
  cancelled: number;
  /** doneOnTime / (doneOnTime + doneLate + openOverdue), 0-1, four decimals; null when that denominator is zero. */
  @ApiProperty({ example: 0.75 })
  onTimeRate: number | null;
}

export class AgencyPerformanceDto extends PerformanceCountsDto implements AgencyPerformance {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  agencyName: string;
  @ApiProperty({ enum: AGENCY_KINDS }) agencyKind: AgencyKind;
}

export class PerformanceReportDto implements PerformanceReport {
  /** First due date counted (inclusive). */
  @ApiProperty({ format: 'date' }) from: string;
  /** Last due date counted (inclusive). */
  @ApiProperty({ format: 'date' }) to: string;
  /** The Europe/London date overdue was judged on. */
  @ApiProperty({ format: 'date' }) asOf: string;
  /** Every agency of the partnership, in name order. */
  agencies: AgencyPerformanceDto[];
  /** The partnership as a whole. */
  totals: PerformanceCountsDto;
}
