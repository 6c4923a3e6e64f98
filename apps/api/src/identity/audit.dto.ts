import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import type { AuditEvent, ChainReport } from '@app/domain/audit';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Position in the partnership\'s chain.' }) seq: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ example: 'member.added' }) action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;

  static from(e: AuditEvent): AuditEventDto {
    return {
      id: e.id,
      seq: Number(e.seq),
      occurredAt: e.occurredAt.toISOString(),
      actorType: e.actorType,
      actorId: e.actorId,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      requestId: e.requestId,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    };
  }
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'member.added' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  targetId?: string;

  @ApiPropertyOptional({ description: 'The user or API key id that acted.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  @ApiPropertyOptional({ description: 'From this instant (inclusive).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class BrokenRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ['sequence-gap', 'previous-hash-mismatch', 'hash-mismatch'] }) reason: string;
}

export class ChainReportDto {
  @ApiProperty({ description: 'True when every row follows from the one before it.' }) intact: boolean;
  @ApiProperty() checkedRows: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The last row found intact.' }) lastSeq: number | null;
  @ApiProperty({ nullable: true, type: String }) lastHash: string | null;
  @ApiProperty({ nullable: true, type: BrokenRowDto }) firstBroken: BrokenRowDto | null;

  static from(r: ChainReport): ChainReportDto {
    return { ...r };
  }
}
