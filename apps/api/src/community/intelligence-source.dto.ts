import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { COMMUNITY_LIMITS, SOURCE_KINDS, type SourceKind, type SourceView } from '@app/domain/community';
import { ActorOutDto } from '../tasking/tasking.dto';
import { iso, trim } from './community-dto.common';

const L = COMMUNITY_LIMITS;

export class CreateIntelligenceSourceDto {
  @ApiProperty({ enum: SOURCE_KINDS })
  @IsIn(SOURCE_KINDS)
  kind: SourceKind;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.label, description: 'Who the source is. Not kept for an anonymous source.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.label)
  identity?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.label, description: 'How to reach them.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.label)
  contact?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.summary, description: 'Notes on the source (e.g. what its evaluation rests on).' })
  @IsOptional()
  @IsString()
  @MaxLength(L.summary)
  notes?: string | null;
}

export class IntelligenceSourceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SOURCE_KINDS })
  @IsOptional()
  @IsIn(SOURCE_KINDS)
  kind?: SourceKind;
}

export class IntelligenceSourceDto {
  @ApiProperty({ format: 'uuid', description: 'What an item\'s sourceId names.' }) id: string;
  @ApiProperty({ example: 'CDF-S-0003', description: 'The handle people use for it.' }) handle: string;
  @ApiProperty({ enum: SOURCE_KINDS }) kind: SourceKind;
  @ApiProperty({ type: String, nullable: true }) identity: string | null;
  @ApiProperty({ type: String, nullable: true }) contact: string | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: ActorOutDto }) recordedBy: ActorOutDto;
  @ApiProperty() createdAt: string;

  static from(s: SourceView): IntelligenceSourceDto {
    return { ...s, createdAt: iso(s.createdAt)! };
  }
}

export class IntelligenceSourcePageDto {
  @ApiProperty({ type: [IntelligenceSourceDto] }) items: IntelligenceSourceDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
