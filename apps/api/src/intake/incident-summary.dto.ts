import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { INCIDENT_CATEGORIES, SUMMARY_DIMENSIONS, type SummaryDimension } from '@app/domain/intake';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;

export class IncidentSummaryQueryDto {
  @ApiProperty({ enum: SUMMARY_DIMENSIONS })
  @IsIn(SUMMARY_DIMENSIONS)
  by: SummaryDimension;

  @ApiPropertyOptional({ example: '2025-07', description: 'YYYY-MM or YYYY-MM-DD.' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from must be YYYY-MM or YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-12', description: 'YYYY-MM or YYYY-MM-DD.' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to must be YYYY-MM or YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: INCIDENT_CATEGORIES })
  @IsOptional()
  @IsIn(INCIDENT_CATEGORIES)
  category?: string;
}

export class SummaryCountDto {
  @ApiProperty({ type: String, nullable: true, description: 'The LSOA or ward code, the month (YYYY-MM) or the category; null: not recorded.' }) key: string | null;
  @ApiProperty() count: number;
}

export class IncidentSummaryDto {
  @ApiProperty({ enum: SUMMARY_DIMENSIONS }) by: SummaryDimension;
  @ApiProperty({ type: String, nullable: true }) from: string | null;
  @ApiProperty({ type: String, nullable: true }) to: string | null;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty() total: number;
  @ApiProperty({ type: [SummaryCountDto] }) items: SummaryCountDto[];
}
