import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { COMMUNITY_LIMITS, ENGAGEMENT_KINDS, type EngagementDetail, type EngagementKind, type EngagementView } from '@app/domain/community';
import { LOCATION_CODE_MAX } from '@app/domain/problems';
import { IsCalendarDate, IsOptionalNotNull } from '../common/validators';
import { ActorOutDto } from '../tasking/tasking.dto';
import { AREA_CODE_EXAMPLE, iso, trim } from './community-dto.common';
import { EngagementIssueDto } from './engagement-issue.dto';

const L = COMMUNITY_LIMITS;

export class CreateEngagementDto {
  @ApiProperty({ format: 'date', example: '2026-01-12', description: 'When it was held (Europe/London): today or earlier (422 date-in-future).' })
  @IsCalendarDate()
  heldOn: string;

  @ApiProperty({ enum: ENGAGEMENT_KINDS })
  @IsIn(ENGAGEMENT_KINDS)
  kind: EngagementKind;

  @ApiProperty({ example: 'Butetown PACT meeting', maxLength: L.title })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.title)
  title: string;

  @ApiProperty({ type: [String], example: [AREA_CODE_EXAMPLE], minItems: 1, maxItems: L.areaCodes, description: 'Ward (W05...) or LSOA (W01...) codes, or local area codes.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.areaCodes)
  @IsString({ each: true })
  @MaxLength(LOCATION_CODE_MAX, { each: true })
  areaCodes: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'People who attended (meetings, briefings, audits).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.count)
  attendance?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, description: 'Responses received (surveys, online).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.count)
  responseCount?: number | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: L.agencies, description: "The partnership's agencies present (422 agency-not-in-partnership)." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.agencies)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.text })
  @IsOptional()
  @IsString()
  @MaxLength(L.text)
  notes?: string | null;
}

/** Only the fields sent change. */
export class UpdateEngagementDto {
  @ApiPropertyOptional({ format: 'date' })
  @IsOptionalNotNull()
  @IsCalendarDate()
  heldOn?: string;

  @ApiPropertyOptional({ enum: ENGAGEMENT_KINDS })
  @IsOptionalNotNull()
  @IsIn(ENGAGEMENT_KINDS)
  kind?: EngagementKind;

  @ApiPropertyOptional({ maxLength: L.title })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(L.title)
  title?: string;

  @ApiPropertyOptional({ type: [String], minItems: 1, maxItems: L.areaCodes })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.areaCodes)
  @IsString({ each: true })
  @MaxLength(LOCATION_CODE_MAX, { each: true })
  areaCodes?: string[];

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.count)
  attendance?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.count)
  responseCount?: number | null;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: L.agencies, description: 'Replaces the agencies present.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(L.agencies)
  @IsUUID('all', { each: true })
  agencyIds?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.text })
  @IsOptional()
  @IsString()
  @MaxLength(L.text)
  notes?: string | null;
}

export class EngagementQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ENGAGEMENT_KINDS })
  @IsOptional()
  @IsIn(ENGAGEMENT_KINDS)
  kind?: EngagementKind;

  @ApiPropertyOptional({ example: AREA_CODE_EXAMPLE, description: 'Engagements covering this area code.' })
  @IsOptional()
  @IsString()
  @MaxLength(LOCATION_CODE_MAX)
  area?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Held on or after.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Held on or before.' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class EngagementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) kind: EngagementKind;
  @ApiProperty() title: string;
  @ApiProperty({ type: [String] }) areaCodes: string[];
  @ApiProperty({ type: Number, nullable: true }) attendance: number | null;
  @ApiProperty({ type: Number, nullable: true }) responseCount: number | null;
  @ApiProperty({ type: [String], format: 'uuid' }) agencyIds: string[];
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ description: 'Issues raised at it.' }) issueCount: number;
  @ApiProperty({ type: ActorOutDto }) recordedBy: ActorOutDto;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(e: EngagementView): EngagementDto {
    return { ...e, createdAt: iso(e.createdAt)!, updatedAt: iso(e.updatedAt)! };
  }
}

export class EngagementDetailDto extends EngagementDto {
  @ApiProperty({ type: [EngagementIssueDto], description: 'The issues raised, in the order recorded.' }) issues: EngagementIssueDto[];

  static fromDetail(e: EngagementDetail): EngagementDetailDto {
    return { ...EngagementDto.from(e), issues: e.issues.map(EngagementIssueDto.from) };
  }
}

export class EngagementPageDto {
  @ApiProperty({ type: [EngagementDto] }) items: EngagementDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
