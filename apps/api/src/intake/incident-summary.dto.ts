import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { INCIDENT_CATEGORIES, SUMMARY_DIMENSIONS, type SummaryDimension } from '@app/domain/intake';
import { OptionalPeriodEnd } from './intake-dto.common';

export class IncidentSummaryQueryDto {
  @IsIn(SUMMARY_DIMENSIONS)
  by: SummaryDimension;

  /** YYYY-MM or YYYY-MM-DD. */
  @OptionalPeriodEnd('2025-07') from?: string;

  /** YYYY-MM or YYYY-MM-DD. */
  @OptionalPeriodEnd('2025-12') to?: string;

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
