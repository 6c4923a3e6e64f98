import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IMPORT_FORMATS, IMPORT_STATES, type ImportFormat, type ImportRow, type ImportState } from '@app/domain/intake';

export class ImportFormatQueryDto {
  @ApiPropertyOptional({ enum: IMPORT_FORMATS, default: 'police-uk-street', description: 'The layout of the file (docs/intake.md).' })
  @IsOptional()
  @IsIn(IMPORT_FORMATS)
  format?: ImportFormat;
}

export class ImportCountsDto {
  @ApiProperty({ description: 'Data rows read.' }) read: number;
  @ApiProperty({ description: 'Incidents added (or changed) by the file.' }) added: number;
  @ApiProperty({ description: 'Rows already held unchanged (e.g. the same file imported again).' }) alreadyHeld: number;
  @ApiProperty({ description: 'Rows of other partnerships\' areas.' }) outsideArea: number;
  @ApiProperty({ description: 'Rows refused (see rejections).' }) rejected: number;
}

export class ImportRejectionDto {
  @ApiProperty({ description: 'The line of the file (1 = the header).' }) line: number;
  @ApiPropertyOptional() column?: string;
  @ApiProperty() reason: string;
}

export class IncidentImportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ enum: IMPORT_FORMATS }) format: ImportFormat;
  @ApiProperty({ description: 'Part of a platform-level file routed to each partnership.' }) routed: boolean;
  @ApiProperty({ enum: IMPORT_STATES }) state: ImportState;
  @ApiProperty({ type: ImportCountsDto }) counts: ImportCountsDto;
  @ApiProperty({ type: [ImportRejectionDto], description: 'The first 1,000 rejected rows.' }) rejections: ImportRejectionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed import failed.' }) failure: string | null;
  @ApiProperty({ description: 'SHA-256 of the file.' }) contentHash: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ type: String, nullable: true }) startedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt: string | null;
  @ApiProperty() createdAt: string;

  static from(r: ImportRow): IncidentImportDto {
    return {
      id: r.id,
      partnershipId: r.partnershipId,
      format: r.format,
      routed: r.routed,
      state: r.state,
      counts: { read: r.rowsRead, added: r.added, alreadyHeld: r.alreadyHeld, outsideArea: r.outsideArea, rejected: r.rejected },
      rejections: r.rejections,
      failure: r.failure,
      contentHash: r.contentHash,
      sizeBytes: Number(r.sizeBytes),
      startedAt: r.startedAt ? new Date(r.startedAt).toISOString() : null,
      finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
      createdAt: new Date(r.createdAt).toISOString(),
    };
  }
}

export class IncidentImportPageDto {
  @ApiProperty({ type: [IncidentImportDto] }) items: IncidentImportDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class RoutedImportDto {
  @ApiProperty({ type: [IncidentImportDto], description: 'One import per partnership whose councils the file\'s rows name.' }) items: IncidentImportDto[];
  @ApiProperty({ description: 'Rows that belong to no partnership (no LSOA, or a council outside Wales).' }) unrouted: number;
}
