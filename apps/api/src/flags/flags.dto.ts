import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { FLAG_KINDS, FLAG_RESOLUTIONS, type FlagKind, type FlagResolution, type FlagView } from '@app/domain/flags';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export class FlagQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FLAG_KINDS })
  @IsOptional()
  @IsIn(FLAG_KINDS)
  kind?: FlagKind;

  @ApiPropertyOptional({ description: '`true`: only open flags; `false`: only resolved ones; absent: all.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  open?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only flags about this subject.' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;
}

export class FlagActorDto {
  @ApiProperty({ enum: ['user', 'api_key'] }) type: 'user' | 'api_key';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) id: string | null;
}

export class FlagDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FLAG_KINDS }) kind: FlagKind;
  @ApiProperty({ example: 'strategic_assessment', description: 'What the flag is about.' }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ example: '2026-01-15', description: 'The calendar date (Europe/London) the cause fell due; one flag per cause and due date.' }) dueDate: string;
  @ApiProperty({ description: 'Whether the cause still stands.' }) open: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Ids and links the scanner recorded.' }) data: Record<string, unknown>;
  @ApiProperty() raisedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'When the cause was fixed (the flag closes by itself).' }) resolvedAt: string | null;
  @ApiProperty({ enum: FLAG_RESOLUTIONS, nullable: true, description: '`cause_fixed`: in the same transaction as the fix; `scan`: found gone by a scan.' })
  resolution: FlagResolution | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ type: FlagActorDto, nullable: true }) acknowledgedBy: FlagActorDto | null;

  static from(f: FlagView): FlagDto {
    return {
      id: f.id,
      kind: f.kind,
      subjectType: f.subjectType,
      subjectId: f.subjectId,
      dueDate: f.dueDate,
      open: f.resolvedAt === null,
      data: f.data,
      raisedAt: iso(f.raisedAt)!,
      resolvedAt: iso(f.resolvedAt),
      resolution: f.resolution,
      acknowledgedAt: iso(f.acknowledgedAt),
      acknowledgedBy: f.acknowledgedByType ? { type: f.acknowledgedByType, id: f.acknowledgedById } : null,
    };
  }
}

export class FlagPageDto {
  @ApiProperty({ type: [FlagDto] }) items: FlagDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
