import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { COMMUNITY_LIMITS, ENGAGEMENT_KINDS, type EngagementDetail, type EngagementKind, type EngagementView } from '@app/domain/community';
import { LOCATION_CODE_MAX } from '@app/domain/problems';
import { IsCalendarDate, OptionalDate, OptionalString, OptionalUuids, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';
import { ActorOutDto } from '../tasking/tasking.dto';
import { AREA_CODE_EXAMPLE, OptionalAreaCode, iso } from './community-dto.common';
import { EngagementIssueDto } from './engagement-issue.dto';

const L = COMMUNITY_LIMITS;

export class CreateEngagementDto {
  /** When it was held (Europe/London): today or earlier (422 date-in-future). */
  @ApiProperty({ format: 'date', example: '2026-01-12' })
  @IsCalendarDate()
  heldOn: string;

  @IsIn(ENGAGEMENT_KINDS)
  kind: EngagementKind;

  @TrimmedText(3, L.title, 'Butetown PACT meeting') title: string;

  /** Ward (W05...) or LSOA (W01...) codes, or local area codes. */
  @ApiProperty({ example: [AREA_CODE_EXAMPLE] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.areaCodes)
  @IsString({ each: true })
  @MaxLength(LOCATION_CODE_MAX, { each: true })
  areaCodes: string[];

  /** People who attended (meetings, briefings, audits). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.count)
  attendance?: number | null;

  /** Responses received (surveys, online). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(L.count)
  responseCount?: number | null;

  /** The partnership's agencies present (422 agency-not-in-partnership). */
  @OptionalUuids(L.agencies) agencyIds?: string[];

  @OptionalString(L.text) notes?: string | null;
}

/** Only the fields sent change. */
export class UpdateEngagementDto extends PartialType(OmitType(CreateEngagementDto, ['agencyIds']), { skipNullProperties: false }) {
  /** Replaces the agencies present. */
  @OptionalUuids(L.agencies, { notNull: true }) agencyIds?: string[];
}

export class EngagementQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ENGAGEMENT_KINDS)
  kind?: EngagementKind;

  /** Engagements covering this area code. */
  @OptionalAreaCode()
  area?: string;

  /** Held on or after. */
  @OptionalDate()
  from?: string;

  /** Held on or before. */
  @OptionalDate()
  to?: string;
}

export class EngagementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) heldOn: string;
  @ApiProperty({ enum: ENGAGEMENT_KINDS }) kind: EngagementKind;
  title: string;
  areaCodes: string[];
  attendance: number | null;
  responseCount: number | null;
  @ApiProperty({ format: 'uuid' }) agencyIds: string[];
  notes: string | null;
  /** Issues raised at it. */
  issueCount: number;
  recordedBy: ActorOutDto;
  version: number;
  createdAt: string;
  updatedAt: string;

  static from(e: EngagementView): EngagementDto {
    return { ...e, createdAt: iso(e.createdAt)!, updatedAt: iso(e.updatedAt)! };
  }
}

export class EngagementDetailDto extends EngagementDto {
  /** The issues raised, in the order recorded. */
  issues: EngagementIssueDto[];

  static fromDetail(e: EngagementDetail): EngagementDetailDto {
    return { ...EngagementDto.from(e), issues: e.issues.map(EngagementIssueDto.from) };
  }
}

export class EngagementPageDto extends PageDto(EngagementDto) {}
