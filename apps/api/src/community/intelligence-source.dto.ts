import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { COMMUNITY_LIMITS, SOURCE_KINDS, type SourceKind, type SourceView } from '@app/domain/community';
import { ActorOutDto } from '../tasking/tasking.dto';
import { iso } from './community-dto.common';
import { OptionalString, OptionalTrimmedText } from '../common/validators';
import { PageDto } from '../common/page';

const L = COMMUNITY_LIMITS;

export class CreateIntelligenceSourceDto {
  @IsIn(SOURCE_KINDS)
  kind: SourceKind;

  /** Who the source is. Not kept for an anonymous source. */
  @OptionalTrimmedText(L.label)
  identity?: string | null;

  /** How to reach them. */
  @OptionalTrimmedText(L.label)
  contact?: string | null;

  /** Notes on the source (e.g. what its evaluation rests on). */
  @OptionalString(L.summary) notes?: string | null;
}

export class IntelligenceSourceQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;
}

export class IntelligenceSourceDto {
  /** What an item's sourceId names. */
  @ApiProperty({ format: 'uuid' }) id: string;
  /** The handle people use for it. */
  @ApiProperty({ example: 'CDF-S-0003' }) handle: string;
  @ApiProperty({ enum: SOURCE_KINDS }) kind: SourceKind;
  identity: string | null;
  contact: string | null;
  notes: string | null;
  recordedBy: ActorOutDto;
  createdAt: string;

  static from(s: SourceView): IntelligenceSourceDto {
    return { ...s, createdAt: iso(s.createdAt)! };
  }
}

export class IntelligenceSourcePageDto extends PageDto(IntelligenceSourceDto) {}
