import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { FLAG_KINDS, FLAG_RESOLUTIONS, type FlagKind, type FlagResolution, type FlagView } from '@app/domain/flags';
import { VersionedDto } from '../common/versioned-record.dto';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';
import { OptionalUuid, toBoolean } from '../common/validators';

export class FlagQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(FLAG_KINDS)
  kind?: FlagKind;

  /** `true`: only open flags; `false`: only resolved ones; absent: all. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  open?: boolean;

  /** Only flags about this subject. */
  @OptionalUuid() subjectId?: string;
}

export class FlagActorDto {
  @ApiProperty({ enum: ['user', 'api_key'] }) type: 'user' | 'api_key';
  @ApiProperty({ format: 'uuid' }) id: string | null;
}

export class FlagDto extends VersionedDto {
  @ApiProperty({ enum: FLAG_KINDS }) kind: FlagKind;
  /** What the flag is about. */
  @ApiProperty({ example: 'strategic_assessment' }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  /** The calendar date (Europe/London) the cause fell due; one flag per cause and due date. */
  @ApiProperty({ example: '2026-01-15' }) dueDate: string;
  /** Whether the cause still stands. */
  open: boolean;
  /** Ids and links the scanner recorded. */
  data: Record<string, unknown>;
  raisedAt: string;
  /** When the cause was fixed (the flag closes by itself). */
  resolvedAt: string | null;
  /** `cause_fixed`: in the same transaction as the fix; `scan`: found gone by a scan. */
  @ApiProperty({ enum: FLAG_RESOLUTIONS })
  resolution: FlagResolution | null;
  acknowledgedAt: string | null;
  acknowledgedBy: FlagActorDto | null;

  static from(f: FlagView): FlagDto {
    return {
      ...fieldsOf(f, 'id', 'kind', 'subjectType', 'subjectId', 'dueDate'),
      open: f.resolvedAt === null,
      ...fieldsOf(f, 'data', 'raisedAt', 'resolvedAt', 'resolution', 'acknowledgedAt'),
      acknowledgedBy: f.acknowledgedByType ? { type: f.acknowledgedByType, id: f.acknowledgedById } : null,
      version: f.version,
    };
  }
}

export class FlagPageDto extends PageDto(FlagDto) {}
