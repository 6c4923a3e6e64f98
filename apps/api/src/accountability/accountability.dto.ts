import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { HALLMARKS, type Hallmark } from '@app/domain/accountability';
import { OptionalDate, OptionalString } from '../common/validators';

export class FiguresQueryDto {
  /** First day of the period (inclusive). Default: 12 months before `to`, plus a day. */
  @OptionalDate('2025-04-01')
  from?: string;

  /** Last day of the period (inclusive). Default: today (Europe/London). At most 60 months after `from`. */
  @OptionalDate('2026-03-31')
  to?: string;
}

export class OversightQueryDto extends FiguresQueryDto {
  /** Partnerships (codes or ids, comma-separated), each within the grant (404 otherwise). Default: every partnership of the grant. */
  @OptionalString(2000, 'cardiff,newport') partnerships?: string;
}

export class AnnualReportQueryDto {
  /** The calendar year. */
  @ApiProperty({ example: 2025 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class FigureDto {
  /** Stable key; `:`-suffixed keys are per stage, source, result, agency, agency kind, incident group, intelligence grade or source kind, or area. */
  @ApiProperty({ example: 'action_on_time_rate' }) key: string;
  @ApiProperty({ enum: HALLMARKS }) hallmark: Hallmark;
  /** A rate is a share from 0 to 1. Null without enough data, or where not measurable from records. */
  value: number | null;
  numerator?: number;
  denominator?: number;
  /** `per_1000`: per 1,000 residents. */
  @ApiProperty({ enum: ['rate', 'count', 'days', 'per_1000'] }) unit: string;
  /** Which way is better (ranking); null where neither. */
  @ApiProperty({ enum: ['higher', 'lower'] }) better: string | null;
  label: string;
  /** How the figure is computed (docs/figures.md). */
  definition: string;
  /** False when there were too few cases to judge (the value is then null). */
  sufficientData: boolean;
}

export class HallmarkFiguresDto {
  @ApiProperty({ enum: HALLMARKS }) hallmark: Hallmark;
  @ApiProperty({ example: 'Intelligence-led business processes' }) title: string;
  figures: FigureDto[];
}

export class QuarterFiguresDto {
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  /** The quarter, cut to the period. */
  @ApiProperty({ format: 'date' }) start: string;
  @ApiProperty({ format: 'date' }) end: string;
  hallmarks: HallmarkFiguresDto[];
}

export class PartnershipFiguresDto {
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  /** The Europe/London date overdue was judged on. */
  @ApiProperty({ format: 'date' }) asOf: string;
  /** The period's figures, grouped under the six hallmarks. */
  hallmarks: HallmarkFiguresDto[];
  /** The same per calendar quarter in the period. */
  quarters: QuarterFiguresDto[];
}

export class ComparedFigureDto {
  key: string;
  @ApiProperty({ enum: HALLMARKS }) hallmark: Hallmark;
  /** True when a count from 1 to 4 (or one that would reveal one by differencing) is hidden: value, numerator and denominator are then absent. */
  suppressed?: boolean;
  value?: number | null;
  numerator?: number;
  denominator?: number;
  /** `per_1000`: per 1,000 residents. */
  @ApiProperty({ enum: ['rate', 'count', 'days', 'per_1000'] }) unit: string;
  @ApiProperty({ enum: ['higher', 'lower'] }) better: string | null;
  label: string;
  definition: string;
  sufficientData: boolean;
  /** Place among every partnership of Wales whose figure is shown (1 = best); null when not ranked. */
  rank: number | null;
  /** How many partnerships were ranked. */
  rankOf: number;
  /** The all-Wales median. */
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'object', properties: { suppressed: { type: 'boolean' } } }] }) median: unknown;
}

export class TrendEntryDto {
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  @ApiProperty({ format: 'date' }) start: string;
  @ApiProperty({ format: 'date' }) end: string;
  /** Figure key -> value, null, or { suppressed: true }. */
  values: Record<string, unknown>;
}

export class OversightPartnershipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  code: string;
  name: string;
  figures: ComparedFigureDto[];
  trend: TrendEntryDto[];
}

export class MedianTrendDto {
  quarter: string;
  values: Record<string, unknown>;
}

export class OversightFiguresDto {
  /** Start of the first whole quarter shown. */
  @ApiProperty({ format: 'date' }) from: string;
  /** End of the last quarter shown. */
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ example: ['2025-Q2', '2025-Q3'] }) quarters: string[];
  /** When the oldest quarter read was computed by the worker. */
  @ApiProperty({ format: 'date-time' }) computedAt: string | null;
  partnerships: OversightPartnershipDto[];
  medianTrend: MedianTrendDto[];
}

export class CreateOversightGrantDto {
  @IsUUID()
  userId: string;

  /** Every partnership (give this or partnershipIds). */
  @IsOptional()
  @IsBoolean()
  allPartnerships?: boolean;

  /** The partnerships the grant covers (a regional board). */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  partnershipIds?: string[];
}

export class OversightGrantDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  email: string;
  displayName: string;
  allPartnerships: boolean;
  @ApiProperty({ format: 'uuid' }) partnershipIds: string[];
}

export class PopulationLoadDto {
  /** Rows written (added, or replacing the same council and year) for the councils the product knows. */
  @ApiProperty({ example: 22 }) loaded: number;
  /** Rows of other areas (other nations, regions): left out. */
  @ApiProperty({ example: 361 }) skipped: number;
  /** The codes left out (the first 20). */
  @ApiProperty({ example: ['E06000001'] }) skippedCodes: string[];
}

export class PopulationDto {
  /** ONS code of the council. */
  @ApiProperty({ example: 'W06000011' }) code: string;
  @ApiProperty({ example: 'Swansea' }) name: string;
  /** Year of the mid-year estimate. */
  @ApiProperty({ example: 2024 }) year: number;
  @ApiProperty({ example: 246563 }) population: number;
  /** The partnership the council belongs to. */
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ format: 'date-time' }) loadedAt: Date;
}

export class PopulationListDto {
  items: PopulationDto[];
}

export class OversightGrantListDto {
  items: OversightGrantDto[];
}

export class PackStatusDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  /** queued: the worker builds it shortly (a pack built before stays readable); ready: built. */
  @ApiProperty({ enum: ['queued', 'ready'] }) state: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: Date;
  @ApiProperty({ format: 'date-time', type: String }) builtAt: Date | null;
  /** The meeting's status at the last build. */
  builtForStatus: string | null;
  builds: number;
}
