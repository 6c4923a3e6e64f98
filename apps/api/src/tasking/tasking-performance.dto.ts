import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { type AgencyPerformance, type PerformanceCounts, type PerformanceReport } from '@app/domain/tasking';
import { AGENCY_KINDS, type AgencyKind } from '@app/domain/partnerships';
import { IsCalendarDate } from '../common/validators';

export class PerformanceQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2025-01-16', description: 'First due date of the period (inclusive). Default: 12 months before `to`, plus a day.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-01-15', description: 'Last due date of the period (inclusive). Default: today (Europe/London).' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class PerformanceCountsDto implements PerformanceCounts {
  @ApiProperty({ description: 'Actions due in the period, cancelled ones left out (doneOnTime + doneLate + openOverdue + openNotDue).' }) due: number;
  @ApiProperty({ description: 'Done, completed on or before the due date (Europe/London dates).' }) doneOnTime: number;
  @ApiProperty({ description: 'Done, completed after the due date.' }) doneLate: number;
  @ApiProperty({ description: 'Open or in progress, and the due date has passed.' }) openOverdue: number;
  @ApiProperty({ description: 'Open or in progress, not yet overdue.' }) openNotDue: number;
  @ApiProperty({ description: 'Cancelled actions due in the period (not in due).' }) cancelled: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.75,
    description: 'doneOnTime / (doneOnTime + doneLate + openOverdue), 0-1, four decimals; null when that denominator is zero.',
  })
  onTimeRate: number | null;
}

export class AgencyPerformanceDto extends PerformanceCountsDto implements AgencyPerformance {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty() agencyName: string;
  @ApiProperty({ enum: AGENCY_KINDS }) agencyKind: AgencyKind;
}

export class PerformanceReportDto implements PerformanceReport {
  @ApiProperty({ format: 'date', description: 'First due date counted (inclusive).' }) from: string;
  @ApiProperty({ format: 'date', description: 'Last due date counted (inclusive).' }) to: string;
  @ApiProperty({ format: 'date', description: 'The Europe/London date overdue was judged on.' }) asOf: string;
  @ApiProperty({ type: [AgencyPerformanceDto], description: 'Every agency of the partnership, in name order.' }) agencies: AgencyPerformanceDto[];
  @ApiProperty({ type: PerformanceCountsDto, description: 'The partnership as a whole.' }) totals: PerformanceCountsDto;
}
