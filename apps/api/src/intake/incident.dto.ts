import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { INCIDENT_CATEGORIES, INTAKE_LIMITS, SUBJECT_ROLES, type IncidentDetail, type IncidentRow, type PushSummary, type SubjectRole } from '@app/domain/intake';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/;

export class IncidentLocationDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'W01001234', description: 'LSOA code (W01... in Wales, E01... in England).' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  lsoaCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'W05000987', description: 'Ward (electoral division) code.' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  wardCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'On or near Queen Street', maxLength: INTAKE_LIMITS.label, description: 'The place as the source names it; with the LSOA, what a repeat location is counted on.' })
  @IsOptional()
  @IsString()
  @MaxLength(INTAKE_LIMITS.label)
  label?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 51.4816, minimum: -90, maximum: 90 })
  @IsOptional()
  @IsNumber()
  lat?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: -3.1791, minimum: -180, maximum: 180 })
  @IsOptional()
  @IsNumber()
  lng?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '10023456789', description: 'Unique Property Reference Number, up to 12 digits.' })
  @IsOptional()
  @IsString()
  @MaxLength(INTAKE_LIMITS.uprn)
  uprn?: string | null;
}

export class IncidentSubjectDto {
  @ApiProperty({ enum: SUBJECT_ROLES })
  @IsIn(SUBJECT_ROLES)
  role: SubjectRole;

  @ApiProperty({
    example: 'NICHE-PERSON-88412',
    maxLength: INTAKE_LIMITS.subjectKey,
    description: 'The source system\'s pseudonymous reference for the person (never a name). Stored only as a keyed hash per partnership; never returned.',
    writeOnly: true,
  })
  @IsString()
  @MaxLength(INTAKE_LIMITS.subjectKey)
  key: string;
}

export class IncidentInputDto {
  @ApiProperty({ example: 'niche-rms', maxLength: INTAKE_LIMITS.sourceSystem, description: 'The system the record comes from.' })
  @Transform(trim)
  @IsString()
  @MaxLength(INTAKE_LIMITS.sourceSystem)
  sourceSystem: string;

  @ApiProperty({ example: 'OCC-2026-0001234', maxLength: INTAKE_LIMITS.externalId, description: 'The record\'s id in that system: (sourceSystem, externalId) is unique per partnership.' })
  @Transform(trim)
  @IsString()
  @MaxLength(INTAKE_LIMITS.externalId)
  externalId: string;

  @ApiProperty({ enum: INCIDENT_CATEGORIES, description: 'From the catalogue (docs/intake.md).' })
  @IsIn(INCIDENT_CATEGORIES)
  category: string;

  @ApiPropertyOptional({ default: false, description: 'The hate incident marker (perceived by the victim or anyone else to be motivated by hostility).' })
  @IsOptional()
  @IsBoolean()
  hateIncident?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-01-10T21:40:00Z', description: 'When it happened (an instant). Exactly one of occurredAt and occurredMonth.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  occurredAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-01', description: 'The month it happened, for sources that publish months only (YYYY-MM).' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'occurredMonth must be YYYY-MM' })
  occurredMonth?: string | null;

  @ApiPropertyOptional({ nullable: true, type: IncidentLocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentLocationDto)
  location?: IncidentLocationDto | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Investigation complete; no suspect identified', maxLength: INTAKE_LIMITS.outcome })
  @IsOptional()
  @IsString()
  @MaxLength(INTAKE_LIMITS.outcome)
  outcome?: string | null;

  @ApiPropertyOptional({ nullable: true, type: [IncidentSubjectDto], description: 'Write-only: never in an answer.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INTAKE_LIMITS.subjects)
  @ValidateNested({ each: true })
  @Type(() => IncidentSubjectDto)
  subjects?: IncidentSubjectDto[] | null;
}

export class IncidentBatchDto {
  @ApiProperty({ type: [IncidentInputDto], maxItems: INTAKE_LIMITS.batch })
  @IsArray()
  @ArrayMaxSize(INTAKE_LIMITS.batch, { message: `at most ${INTAKE_LIMITS.batch} incidents in one push` })
  @ValidateNested({ each: true })
  @Type(() => IncidentInputDto)
  items: IncidentInputDto[];
}

export class IncidentLocationViewDto {
  @ApiProperty({ type: String, nullable: true }) lsoaCode: string | null;
  @ApiProperty({ type: String, nullable: true }) wardCode: string | null;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty({ type: Number, nullable: true }) lat: number | null;
  @ApiProperty({ type: Number, nullable: true }) lng: number | null;
  @ApiProperty({ type: String, nullable: true }) uprn: string | null;
}

export class IncidentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sourceSystem: string;
  @ApiProperty() externalId: string;
  @ApiProperty({ enum: INCIDENT_CATEGORIES }) category: string;
  @ApiProperty() hateIncident: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Null for months-only sources.' }) occurredAt: string | null;
  @ApiProperty({ example: '2026-01' }) occurredMonth: string;
  @ApiProperty({ type: IncidentLocationViewDto }) location: IncidentLocationViewDto;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The file import that brought it, if any.' }) importId: string | null;
  @ApiProperty({ description: 'Moves with every change.' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(r: IncidentRow): IncidentDto {
    return {
      id: r.id,
      sourceSystem: r.sourceSystem,
      externalId: r.externalId,
      category: r.category,
      hateIncident: r.hateIncident,
      occurredAt: r.occurredAt ? new Date(r.occurredAt).toISOString() : null,
      occurredMonth: r.occurredMonth.slice(0, 7),
      location: { lsoaCode: r.lsoaCode, wardCode: r.wardCode, label: r.locationLabel, lat: r.lat, lng: r.lng, uprn: r.uprn },
      outcome: r.outcome,
      importId: r.importId,
      version: r.version,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }
}

export class IncidentRevisionDto {
  @ApiProperty({ description: 'The version this state was.' }) version: number;
  @ApiProperty() supersededAt: string;
  @ApiProperty({ type: Object, description: 'The fields as they were (subjects as a count only).' }) data: Record<string, unknown>;
}

export class IncidentDetailDto extends IncidentDto {
  @ApiProperty({ type: [IncidentRevisionDto], description: 'Earlier states, oldest first.' }) revisions: IncidentRevisionDto[];

  static fromDetail(d: IncidentDetail): IncidentDetailDto {
    return {
      ...IncidentDto.from(d),
      revisions: d.revisions.map((r) => ({ version: r.version, supersededAt: new Date(r.supersededAt).toISOString(), data: r.data })),
    };
  }
}

export class IncidentPageDto {
  @ApiProperty({ type: [IncidentDto] }) items: IncidentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PushOutcomeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() sourceSystem: string;
  @ApiProperty() externalId: string;
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'], description: '`unchanged`: the same content was held already (a replay).' }) result: string;
}

export class PushCountsDto {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
}

export class PushSummaryDto {
  @ApiProperty({ type: [PushOutcomeDto] }) items: PushOutcomeDto[];
  @ApiProperty({ type: PushCountsDto }) counts: PushCountsDto;

  static from(s: PushSummary): PushSummaryDto {
    return { items: s.items, counts: s.counts };
  }
}

export class IncidentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INCIDENT_CATEGORIES })
  @IsOptional()
  @IsIn(INCIDENT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ example: 'police.uk' })
  @IsOptional()
  @IsString()
  @MaxLength(INTAKE_LIMITS.sourceSystem)
  sourceSystem?: string;

  @ApiPropertyOptional({ example: 'W01001234' })
  @IsOptional()
  @Matches(/^[EWew]01\d{6}$/, { message: 'lsoaCode must be an LSOA code' })
  lsoaCode?: string;

  @ApiPropertyOptional({ example: 'W05000987' })
  @IsOptional()
  @Matches(/^[EWew]05\d{6}$/, { message: 'wardCode must be a ward code' })
  wardCode?: string;

  @ApiPropertyOptional({ example: '2026-01', description: 'Occurred on or after (YYYY-MM or YYYY-MM-DD; a month counts from its first day).' })
  @IsOptional()
  @Matches(PERIOD, { message: 'from must be YYYY-MM or YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03', description: 'Occurred on or before (YYYY-MM or YYYY-MM-DD; a month counts to its last day).' })
  @IsOptional()
  @Matches(PERIOD, { message: 'to must be YYYY-MM or YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The incidents a nomination rests on (its evidence).' })
  @IsOptional()
  @IsUUID()
  nominationId?: string;
}
