import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IMPORT_FORMATS, IMPORT_STATES, type ImportFormat, type ImportRow, type ImportState } from '@app/domain/intake';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

export class ImportFormatQueryDto {
  /** The layout of the file (docs/intake.md). */
  @ApiPropertyOptional({ default: 'police-uk-street' })
  @IsOptional()
  @IsIn(IMPORT_FORMATS)
  format?: ImportFormat;
}

export class ImportCountsDto {
  /** Data rows read. */
  read: number;
  /** Incidents added (or changed) by the file. */
  added: number;
  /** Rows already held unchanged (e.g. the same file imported again). */
  alreadyHeld: number;
  /** Rows of other partnerships' areas. */
  outsideArea: number;
  /** Rows refused (see rejections). */
  rejected: number;
}

export class ImportRejectionDto {
  /** The line of the file (1 = the header). */
  line: number;
  column?: string;
  reason: string;
}

export class IncidentImportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ enum: IMPORT_FORMATS }) format: ImportFormat;
  /** Part of a platform-level file routed to each partnership. */
  routed: boolean;
  @ApiProperty({ enum: IMPORT_STATES }) state: ImportState;
  counts: ImportCountsDto;
  /** The first 1,000 rejected rows. */
  rejections: ImportRejectionDto[];
  /** Why a failed import failed. */
  failure: string | null;
  /** SHA-256 of the file. */
  contentHash: string;
  sizeBytes: number;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;

  static from(r: ImportRow): IncidentImportDto {
    return {
      ...fieldsOf(r, 'id', 'partnershipId', 'format', 'routed', 'state'),
      counts: { read: r.rowsRead, added: r.added, alreadyHeld: r.alreadyHeld, outsideArea: r.outsideArea, rejected: r.rejected },
      ...fieldsOf(r, 'rejections', 'failure', 'contentHash'),
      sizeBytes: Number(r.sizeBytes),
      ...fieldsOf(r, 'startedAt', 'finishedAt', 'createdAt'),
    };
  }
}

export class IncidentImportPageDto extends PageDto(IncidentImportDto) {}

export class RoutedImportDto {
  /** One import per partnership whose councils the file's rows name. */
  items: IncidentImportDto[];
  /** Rows that belong to no partnership (no LSOA, or a council outside Wales). */
  unrouted: number;
}
