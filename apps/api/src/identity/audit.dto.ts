import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsHexadecimal, IsInt, IsISO8601, IsOptional, Length, Min } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import type { AuditEvent, ChainReport, CheckpointView } from '@app/domain/audit';
import { OptionalString } from '../common/validators';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** Order of appending: increasing, with gaps (one sequence for every partnership). */
  seq: number;
  occurredAt: string;
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) actorType: string;
  actorId: string | null;
  @ApiProperty({ example: 'member.added' }) action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  /** Position in the partnership's hash chain (1, 2, 3...); null until the worker seals the row (within seconds). */
  chainPosition: number | null;
  /** Null until sealed. */
  prevHash: string | null;
  /** Null until sealed. */
  hash: string | null;
  sealedAt: string | null;

  static from(e: AuditEvent): AuditEventDto {
    return {
      id: e.id,
      seq: Number(e.seq),
      ...fieldsOf(e, 'occurredAt', 'actorType', 'actorId', 'action', 'targetType', 'targetId', 'requestId', 'details'),
      chainPosition: e.chainPosition === null ? null : Number(e.chainPosition),
      ...fieldsOf(e, 'prevHash', 'hash', 'sealedAt'),
    };
  }
}

export class AuditEventPageDto extends PageDto(AuditEventDto) {}

export class AuditQueryDto extends PageQueryDto {
  @OptionalString(100, 'member.added') action?: string;

  @OptionalString(100, 'user') targetType?: string;

  @OptionalString(100) targetId?: string;

  /** The user or API key id that acted. */
  @OptionalString(100) actorId?: string;

  /** From this instant (inclusive). */
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class BrokenRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** Its chain position. */
  seq: number;
  @ApiProperty({ enum: ['sequence-gap', 'previous-hash-mismatch', 'hash-mismatch'] }) reason: string;
}

const CHECKPOINT_FAILURES = ['signature-invalid', 'hash-mismatch', 'rows-missing'];

export class InvalidCheckpointDto {
  lastPosition: number;
  /** `rows-missing`: the rows it vouches for are gone (or broken). */
  @ApiProperty({ enum: CHECKPOINT_FAILURES }) reason: string;
}

export class CheckpointsReportDto {
  checked: number;
  /** The newest checkpoint found good. */
  lastPosition: number | null;
  firstInvalid: InvalidCheckpointDto | null;
}

export class ExportedCheckpointReportDto {
  lastPosition: number;
  rootHash: string;
  /** The row at lastPosition is there, intact, with this hash. */
  matches: boolean;
  @ApiProperty({ enum: CHECKPOINT_FAILURES }) reason: string | null;
}

export class UnsealedReportDto {
  /** Rows appended and not sealed yet (the worker seals within seconds). */
  rows: number;
  oldestOccurredAt: string | null;
  oldestAgeSeconds: number | null;
}

export class ChainReportDto {
  /** True when every sealed row follows from the one before it, every checkpoint holds, and the exported checkpoint (if given) matches. */
  intact: boolean;
  checkedRows: number;
  /** The chain position of the last row found intact. */
  lastSeq: number | null;
  lastHash: string | null;
  firstBroken: BrokenRowDto | null;
  checkpoints: CheckpointsReportDto;
  exported: ExportedCheckpointReportDto | null;
  unsealed: UnsealedReportDto;

  static from(r: ChainReport): ChainReportDto {
    return { ...r };
  }
}

export class VerifyQueryDto {
  /** A checkpoint kept outside the system: its lastPosition (with checkpointHash). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  checkpointPosition?: number;

  /** That checkpoint's rootHash (64 hex digits). */
  @ApiPropertyOptional({ pattern: '^[0-9A-Fa-f]{64}$' })
  @IsOptional()
  @IsHexadecimal()
  @Length(64, 64)
  checkpointHash?: string;
}

export class CheckpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string | null;
  firstPosition: number;
  lastPosition: number;
  /** The hash of the row at lastPosition. */
  rootHash: string;
  keyId: string;
  signedAt: string;
  /** Ed25519 signature (base64url) of payload. */
  signature: string;
  /** The exact text signed: canonical JSON of partnershipId, lastPosition, rootHash, keyId and signedAt. */
  payload: string;

  static from(c: CheckpointView): CheckpointDto {
    return {
      ...fieldsOf(c, 'id', 'partnershipId'),
      firstPosition: Number(c.firstPosition),
      lastPosition: Number(c.lastPosition),
      ...fieldsOf(c, 'rootHash', 'keyId'),
      signedAt: new Date(c.signedAt).toISOString(),
      ...fieldsOf(c, 'signature', 'payload'),
    };
  }
}

export class CheckpointPageDto extends PageDto(CheckpointDto) {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  keyId: string;
  /** The public key (SPKI PEM) that checks the signatures. */
  publicKey: string;
}
