import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsHexadecimal, IsInt, IsISO8601, IsOptional, IsString, Length, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import type { AuditEvent, ChainReport, CheckpointView } from '@app/domain/audit';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Order of appending: increasing, with gaps (one sequence for every partnership).' }) seq: number;
  @ApiProperty() occurredAt: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) actorType: string;
  @ApiProperty({ nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ example: 'member.added' }) action: string;
  @ApiProperty({ nullable: true, type: String }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ nullable: true, type: Number, description: 'Position in the partnership\'s hash chain (1, 2, 3...); null until the worker seals the row (within seconds).' })
  chainPosition: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null until sealed.' }) prevHash: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Null until sealed.' }) hash: string | null;
  @ApiProperty({ nullable: true, type: String }) sealedAt: string | null;

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
      chainPosition: e.chainPosition === null ? null : Number(e.chainPosition),
      prevHash: e.prevHash,
      hash: e.hash,
      sealedAt: e.sealedAt?.toISOString() ?? null,
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
  @ApiProperty({ description: 'Its chain position.' }) seq: number;
  @ApiProperty({ enum: ['sequence-gap', 'previous-hash-mismatch', 'hash-mismatch'] }) reason: string;
}

const CHECKPOINT_FAILURES = ['signature-invalid', 'hash-mismatch', 'rows-missing'];

export class InvalidCheckpointDto {
  @ApiProperty() lastPosition: number;
  @ApiProperty({ enum: CHECKPOINT_FAILURES, description: '`rows-missing`: the rows it vouches for are gone (or broken).' }) reason: string;
}

export class CheckpointsReportDto {
  @ApiProperty() checked: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The newest checkpoint found good.' }) lastPosition: number | null;
  @ApiProperty({ nullable: true, type: InvalidCheckpointDto }) firstInvalid: InvalidCheckpointDto | null;
}

export class ExportedCheckpointReportDto {
  @ApiProperty() lastPosition: number;
  @ApiProperty() rootHash: string;
  @ApiProperty({ description: 'The row at lastPosition is there, intact, with this hash.' }) matches: boolean;
  @ApiProperty({ nullable: true, type: String, enum: CHECKPOINT_FAILURES }) reason: string | null;
}

export class UnsealedReportDto {
  @ApiProperty({ description: 'Rows appended and not sealed yet (the worker seals within seconds).' }) rows: number;
  @ApiProperty({ nullable: true, type: String }) oldestOccurredAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) oldestAgeSeconds: number | null;
}

export class ChainReportDto {
  @ApiProperty({ description: 'True when every sealed row follows from the one before it, every checkpoint holds, and the exported checkpoint (if given) matches.' })
  intact: boolean;
  @ApiProperty() checkedRows: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The chain position of the last row found intact.' }) lastSeq: number | null;
  @ApiProperty({ nullable: true, type: String }) lastHash: string | null;
  @ApiProperty({ nullable: true, type: BrokenRowDto }) firstBroken: BrokenRowDto | null;
  @ApiProperty({ type: CheckpointsReportDto }) checkpoints: CheckpointsReportDto;
  @ApiProperty({ nullable: true, type: ExportedCheckpointReportDto }) exported: ExportedCheckpointReportDto | null;
  @ApiProperty({ type: UnsealedReportDto }) unsealed: UnsealedReportDto;

  static from(r: ChainReport): ChainReportDto {
    return { ...r };
  }
}

export class VerifyQueryDto {
  @ApiPropertyOptional({ description: 'A checkpoint kept outside the system: its lastPosition (with checkpointHash).' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  checkpointPosition?: number;

  @ApiPropertyOptional({ description: 'That checkpoint\'s rootHash (64 hex digits).' })
  @IsOptional()
  @IsHexadecimal()
  @Length(64, 64)
  checkpointHash?: string;
}

export class CheckpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) partnershipId: string | null;
  @ApiProperty() firstPosition: number;
  @ApiProperty() lastPosition: number;
  @ApiProperty({ description: 'The hash of the row at lastPosition.' }) rootHash: string;
  @ApiProperty() keyId: string;
  @ApiProperty() signedAt: string;
  @ApiProperty({ description: 'Ed25519 signature (base64url) of payload.' }) signature: string;
  @ApiProperty({ description: 'The exact text signed: canonical JSON of partnershipId, lastPosition, rootHash, keyId and signedAt.' }) payload: string;

  static from(c: CheckpointView): CheckpointDto {
    return {
      id: c.id,
      partnershipId: c.partnershipId,
      firstPosition: Number(c.firstPosition),
      lastPosition: Number(c.lastPosition),
      rootHash: c.rootHash,
      keyId: c.keyId,
      signedAt: new Date(c.signedAt).toISOString(),
      signature: c.signature,
      payload: c.payload,
    };
  }
}

export class CheckpointPageDto {
  @ApiProperty({ type: [CheckpointDto] }) items: CheckpointDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty() keyId: string;
  @ApiProperty({ description: 'The public key (SPKI PEM) that checks the signatures.' }) publicKey: string;
}
