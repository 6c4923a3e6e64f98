import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { INCIDENT_CATEGORIES, SUMMARY_DIMENSIONS, type SummaryDimension } from '@app/domain/intake';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;

export class IncidentSummaryQueryDto {
  @IsIn(SUMMARY_DIMENSIONS)
  by: SummaryDimension;

  /** YYYY-MM or YYYY-MM-DD. */
  @ApiPropertyOptional({ example: '2025-07' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from must be YYYY-MM or YYYY-MM-DD' })
  from?: string;

  /** YYYY-MM or YYYY-MM-DD. */
  @ApiPropertyOptional({ example: '2025-12' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to must be YYYY-MM or YYYY-MM-DD' })
  to?: string;

  @IsOptional()
  @IsIn(INCIDENT_CATEGORIES)
  category?: string;
}

export class SummaryCountDto {
  /** The LSOA or ward code, the month (YYYY-MM) or the category; null: not recorded. */
  key: string | null;
  count: number;
}

export class IncidentSummaryDto {
  @ApiProperty({ enum: SUMMARY_DIMENSIONS }) by: SummaryDimension;
  from: string | null;
  to: string | null;
  category: string | null;
  total: number;
  items: SummaryCountDto[];
}
