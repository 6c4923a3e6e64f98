import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { HALLMARKS, type Hallmark } from '@app/domain/accountability';
import { IsCalendarDate } from '../common/validators';

export class FiguresQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2025-04-01', description: 'First day of the period (inclusive). Default: 12 months before `to`, plus a day.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-03-31', description: 'Last day of the period (inclusive). Default: today (Europe/London). At most 60 months after `from`.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class OversightQueryDto extends FiguresQueryDto {
  @ApiPropertyOptional({ example: 'cardiff,newport', description: 'Partnerships (codes or ids, comma-separated), each within the grant (404 otherwise). Default: every partnership of the grant.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  partnerships?: string;
}

export class AnnualReportQueryDto {
  @ApiProperty({ example: 2025, description: 'The calendar year.' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class FigureDto {
  @ApiProperty({ example: 'action_on_time_rate', description: 'Stable key; `:`-suffixed keys are per stage, source, result, agency, agency kind, incident group, intelligence grade or source kind, or area.' }) key: string;
  @ApiProperty({ enum: HALLMARKS }) hallmark: Hallmark;
  @ApiProperty({ nullable: true, type: Number, description: 'A rate is a share from 0 to 1. Null without enough data, or where not measurable from records.' }) value: number | null;
  @ApiPropertyOptional() numerator?: number;
  @ApiPropertyOptional() denominator?: number;
  @ApiProperty({ enum: ['rate', 'count', 'days', 'per_1000'], description: '`per_1000`: per 1,000 residents.' }) unit: string;
  @ApiProperty({ enum: ['higher', 'lower'], nullable: true, type: String, description: 'Which way is better (ranking); null where neither.' }) better: string | null;
  @ApiProperty() label: string;
  @ApiProperty({ description: 'How the figure is computed (docs/figures.md).' }) definition: string;
  @ApiProperty({ description: 'False when there were too few cases to judge (the value is then null).' }) sufficientData: boolean;
}

export class HallmarkFiguresDto {
  @ApiProperty({ enum: HALLMARKS }) hallmark: Hallmark;
  @ApiProperty({ example: 'Intelligence-led business processes' }) title: string;
  @ApiProperty({ type: [FigureDto] }) figures: FigureDto[];
}

export class QuarterFiguresDto {
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  @ApiProperty({ format: 'date', description: 'The quarter, cut to the period.' }) start: string;
  @ApiProperty({ format: 'date' }) end: string;
  @ApiProperty({ type: [HallmarkFiguresDto] }) hallmarks: HallmarkFiguresDto[];
}

export class PartnershipFiguresDto {
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ format: 'date', description: 'The Europe/London date overdue was judged on.' }) asOf: string;
  @ApiProperty({ type: [HallmarkFiguresDto], description: 'The period\'s figures, grouped under the six hallmarks.' }) hallmarks: HallmarkFiguresDto[];
  @ApiProperty({ type: [QuarterFiguresDto], description: 'The same per calendar quarter in the period.' }) quarters: QuarterFiguresDto[];
}

export class ComparedFigureDto {
  @ApiProperty() key: string;
  @ApiProperty({ enum: HALLMARKS }) hallmark: Hallmark;
  @ApiPropertyOptional({ description: 'True when a count from 1 to 4 (or one that would reveal one by differencing) is hidden: value, numerator and denominator are then absent.' }) suppressed?: boolean;
  @ApiPropertyOptional({ nullable: true, type: Number }) value?: number | null;
  @ApiPropertyOptional() numerator?: number;
  @ApiPropertyOptional() denominator?: number;
  @ApiProperty({ enum: ['rate', 'count', 'days', 'per_1000'], description: '`per_1000`: per 1,000 residents.' }) unit: string;
  @ApiProperty({ enum: ['higher', 'lower'], nullable: true, type: String }) better: string | null;
  @ApiProperty() label: string;
  @ApiProperty() definition: string;
  @ApiProperty() sufficientData: boolean;
  @ApiProperty({ nullable: true, type: Number, description: 'Place among every partnership of Wales whose figure is shown (1 = best); null when not ranked.' }) rank: number | null;
  @ApiProperty({ description: 'How many partnerships were ranked.' }) rankOf: number;
  @ApiProperty({ nullable: true, oneOf: [{ type: 'number' }, { type: 'object', properties: { suppressed: { type: 'boolean' } } }], description: 'The all-Wales median.' }) median: unknown;
}

export class TrendEntryDto {
  @ApiProperty({ example: '2026-Q1' }) quarter: string;
  @ApiProperty({ format: 'date' }) start: string;
  @ApiProperty({ format: 'date' }) end: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Figure key -> value, null, or { suppressed: true }.' }) values: Record<string, unknown>;
}

export class OversightPartnershipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [ComparedFigureDto] }) figures: ComparedFigureDto[];
  @ApiProperty({ type: [TrendEntryDto] }) trend: TrendEntryDto[];
}

export class MedianTrendDto {
  @ApiProperty() quarter: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) values: Record<string, unknown>;
}

export class OversightFiguresDto {
  @ApiProperty({ format: 'date', description: 'Start of the first whole quarter shown.' }) from: string;
  @ApiProperty({ format: 'date', description: 'End of the last quarter shown.' }) to: string;
  @ApiProperty({ type: [String], example: ['2025-Q2', '2025-Q3'] }) quarters: string[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When the oldest quarter read was computed by the worker.' }) computedAt: string | null;
  @ApiProperty({ type: [OversightPartnershipDto] }) partnerships: OversightPartnershipDto[];
  @ApiProperty({ type: [MedianTrendDto] }) medianTrend: MedianTrendDto[];
}

export class CreateOversightGrantDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId: string;

  @ApiPropertyOptional({ description: 'Every partnership (give this or partnershipIds).' })
  @IsOptional()
  @IsBoolean()
  allPartnerships?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The partnerships the grant covers (a regional board).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  partnershipIds?: string[];
}

export class OversightGrantDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty() allPartnerships: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) partnershipIds: string[];
}

export class PopulationLoadDto {
  @ApiProperty({ example: 22, description: 'Rows written (added, or replacing the same council and year) for the councils the product knows.' }) loaded: number;
  @ApiProperty({ example: 361, description: 'Rows of other areas (other nations, regions): left out.' }) skipped: number;
  @ApiProperty({ type: [String], example: ['E06000001'], description: 'The codes left out (the first 20).' }) skippedCodes: string[];
}

export class PopulationDto {
  @ApiProperty({ example: 'W06000011', description: 'ONS code of the council.' }) code: string;
  @ApiProperty({ example: 'Swansea' }) name: string;
  @ApiProperty({ example: 2024, description: 'Year of the mid-year estimate.' }) year: number;
  @ApiProperty({ example: 246563 }) population: number;
  @ApiProperty({ format: 'uuid', description: 'The partnership the council belongs to.' }) partnershipId: string;
  @ApiProperty({ format: 'date-time' }) loadedAt: Date;
}

export class PopulationListDto {
  @ApiProperty({ type: [PopulationDto] }) items: PopulationDto[];
}

export class OversightGrantListDto {
  @ApiProperty({ type: [OversightGrantDto] }) items: OversightGrantDto[];
}

export class PackStatusDto {
  @ApiProperty({ format: 'uuid' }) meetingId: string;
  @ApiProperty({ enum: ['queued', 'ready'], description: 'queued: the worker builds it shortly (a pack built before stays readable); ready: built.' }) state: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) builtAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'The meeting\'s status at the last build.' }) builtForStatus: string | null;
  @ApiProperty() builds: number;
}
