import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNumber, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  INCIDENT_CATEGORIES,
  INTAKE_LIMITS,
  SUBJECT_ROLES,
  type IncidentDetail,
  type IncidentRow,
  type PushSummary,
  type SubjectRole,
} from '@app/domain/intake';
import { OptionalString, OptionalUuid, trim } from '../common/validators';
import { PageDto } from '../common/page';
import { versionStamps } from '../common/versioned-record.dto';
import { fieldsOf } from '../common/fields-of';
import { OptionalPeriodEnd } from './intake-dto.common';

export class IncidentLocationDto {
  /** LSOA code (W01... in Wales, E01... in England). */
  @OptionalString(9, 'W01001234') lsoaCode?: string | null;

  /** Ward (electoral division) code. */
  @OptionalString(9, 'W05000987') wardCode?: string | null;

  /** The place as the source names it; with the LSOA, what a repeat location is counted on. */
  @OptionalString(INTAKE_LIMITS.label, 'On or near Queen Street') label?: string | null;

  @ApiPropertyOptional({ example: 51.4816, minimum: -90, maximum: 90 })
  @IsOptional()
  @IsNumber()
  lat?: number | null;

  @ApiPropertyOptional({ example: -3.1791, minimum: -180, maximum: 180 })
  @IsOptional()
  @IsNumber()
  lng?: number | null;

  /** Unique Property Reference Number, up to 12 digits. */
  @OptionalString(INTAKE_LIMITS.uprn, '10023456789') uprn?: string | null;
}

export class IncidentSubjectDto {
  @IsIn(SUBJECT_ROLES)
  role: SubjectRole;

  /** The source system's pseudonymous reference for the person (never a name). Stored only as a keyed hash per partnership; never returned. */
  @ApiProperty({ example: 'NICHE-PERSON-88412', writeOnly: true })
  @IsString()
  @MaxLength(INTAKE_LIMITS.subjectKey)
  key: string;
}

export class IncidentInputDto {
  /** The system the record comes from. */
  @ApiProperty({ example: 'niche-rms' })
  @Transform(trim)
  @IsString()
  @MaxLength(INTAKE_LIMITS.sourceSystem)
  sourceSystem: string;

  /** The record's id in that system: (sourceSystem, externalId) is unique per partnership. */
  @ApiProperty({ example: 'OCC-2026-0001234' })
  @Transform(trim)
  @IsString()
  @MaxLength(INTAKE_LIMITS.externalId)
  externalId: string;

  /** From the catalogue (docs/intake.md). */
  @IsIn(INCIDENT_CATEGORIES)
  category: string;

  /** The hate incident marker (perceived by the victim or anyone else to be motivated by hostility). */
  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  hateIncident?: boolean;

  /** When it happened (an instant). Exactly one of occurredAt and occurredMonth. */
  @OptionalString(40, '2026-01-10T21:40:00Z') occurredAt?: string | null;

  /** The month it happened, for sources that publish months only (YYYY-MM). */
  @ApiPropertyOptional({ example: '2026-01' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'occurredMonth must be YYYY-MM' })
  occurredMonth?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentLocationDto)
  location?: IncidentLocationDto | null;

  @OptionalString(INTAKE_LIMITS.outcome, 'Investigation complete; no suspect identified') outcome?: string | null;

  /** Write-only: never in an answer. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INTAKE_LIMITS.subjects)
  @ValidateNested({ each: true })
  @Type(() => IncidentSubjectDto)
  subjects?: IncidentSubjectDto[] | null;
}

export class IncidentBatchDto {
  @ApiProperty({ maxItems: INTAKE_LIMITS.batch })
  @IsArray()
  @ArrayMaxSize(INTAKE_LIMITS.batch, { message: `at most ${INTAKE_LIMITS.batch} incidents in one push` })
  @ValidateNested({ each: true })
  @Type(() => IncidentInputDto)
  items: IncidentInputDto[];
}

export class IncidentLocationViewDto {
  lsoaCode: string | null;
  wardCode: string | null;
  label: string | null;
  lat: number | null;
  lng: number | null;
  uprn: string | null;
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  sourceSystem: string;
  externalId: string;
  @ApiProperty({ enum: INCIDENT_CATEGORIES }) category: string;
  hateIncident: boolean;
  /** Null for months-only sources. */
  occurredAt: string | null;
  @ApiProperty({ example: '2026-01' }) occurredMonth: string;
  location: IncidentLocationViewDto;
  outcome: string | null;
  /** The file import that brought it, if any. */
  @ApiProperty({ format: 'uuid' }) importId: string | null;
  /** Moves with every change. */
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(r: IncidentRow): IncidentDto {
    return {
      ...fieldsOf(r, 'id', 'sourceSystem', 'externalId', 'category', 'hateIncident', 'occurredAt'),
      occurredMonth: r.occurredMonth.slice(0, 7),
      location: { lsoaCode: r.lsoaCode, wardCode: r.wardCode, label: r.locationLabel, lat: r.lat, lng: r.lng, uprn: r.uprn },
      ...fieldsOf(r, 'outcome', 'importId'),
      ...versionStamps(r),
    };
  }
}

export class IncidentRevisionDto {
  /** The version this state was. */
  version: number;
  supersededAt: string;
  /** The fields as they were (subjects as a count only). */
  data: Record<string, unknown>;
}

export class IncidentDetailDto extends IncidentDto {
  /** Earlier states, oldest first. */
  revisions: IncidentRevisionDto[];

  static fromDetail(d: IncidentDetail): IncidentDetailDto {
    return {
      ...IncidentDto.from(d),
      revisions: d.revisions.map((r) => ({ version: r.version, supersededAt: new Date(r.supersededAt).toISOString(), data: r.data })),
    };
  }
}

export class IncidentPageDto extends PageDto(IncidentDto) {}

export class PushOutcomeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  sourceSystem: string;
  externalId: string;
  /** `unchanged`: the same content was held already (a replay). */
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'] }) result: string;
}

export class PushCountsDto {
  created: number;
  updated: number;
  unchanged: number;
}

export class PushSummaryDto {
  items: PushOutcomeDto[];
  counts: PushCountsDto;

  static from(s: PushSummary): PushSummaryDto {
    return { items: s.items, counts: s.counts };
  }
}

export class IncidentQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(INCIDENT_CATEGORIES)
  category?: string;

  @OptionalString(INTAKE_LIMITS.sourceSystem, 'police.uk') sourceSystem?: string;

  @ApiPropertyOptional({ example: 'W01001234' })
  @IsOptional()
  @Matches(/^[EWew]01\d{6}$/, { message: 'lsoaCode must be an LSOA code' })
  lsoaCode?: string;

  @ApiPropertyOptional({ example: 'W05000987' })
  @IsOptional()
  @Matches(/^[EWew]05\d{6}$/, { message: 'wardCode must be a ward code' })
  wardCode?: string;

  /** Occurred on or after (YYYY-MM or YYYY-MM-DD; a month counts from its first day). */
  @OptionalPeriodEnd('2026-01') from?: string;

  /** Occurred on or before (YYYY-MM or YYYY-MM-DD; a month counts to its last day). */
  @OptionalPeriodEnd('2026-03') to?: string;

  /** The incidents a nomination rests on (its evidence). */
  @OptionalUuid() nominationId?: string;
}
