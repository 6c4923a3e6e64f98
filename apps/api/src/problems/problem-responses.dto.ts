import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { RESPONSE_STATUSES, RESPONSE_TYPES, type ResponseRecord, type ResponseStatus, type ResponseType } from '@app/domain/problems';
import { IsCalendarDate, IsOptionalNotNull, OptionalDate, TrimmedText } from '../common/validators';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { TEXT } from './problem-dto.common';

export class CreateResponseDto {
  @TrimmedText(3, TEXT, 'Dispersal patrols Thursday-Saturday 6-10pm') description: string;

  @IsIn(RESPONSE_TYPES)
  type: ResponseType;

  /** One of the partnership's agencies (422 agency-not-in-partnership otherwise). */
  @IsUUID()
  ownerAgencyId: string;

  @ApiProperty({ format: 'date', example: '2026-02-01' })
  @IsCalendarDate()
  startDate: string;

  /** Not before startDate; null while open-ended. */
  @OptionalDate('2026-04-30')
  endDate?: string | null;

  @ApiPropertyOptional({ default: 'planned' })
  @IsOptional()
  @IsIn(RESPONSE_STATUSES)
  status?: ResponseStatus;
}

/** Only the fields sent change. */
export class UpdateResponseDto extends PartialType(OmitType(CreateResponseDto, ['ownerAgencyId', 'status']), { skipNullProperties: false }) {
  /** Hand it to another agency (not partners). */
  @IsOptionalNotNull()
  @IsUUID()
  ownerAgencyId?: string;

  @IsOptionalNotNull()
  @IsIn(RESPONSE_STATUSES)
  status?: ResponseStatus;
}

export class ResponseDto extends VersionedRecordDto {
  @ApiProperty({ format: 'uuid' }) problemId: string;
  description: string;
  @ApiProperty({ enum: RESPONSE_TYPES }) type: ResponseType;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string | null;
  @ApiProperty({ enum: RESPONSE_STATUSES }) status: ResponseStatus;
  /** The response's own version (its ETag is "<id>.<version>"). */
  override version: number;

  /** The record as the domain maps it (responseRecord, the one list of its fields), with its timestamps in ISO 8601. */
  static from(r: ResponseRecord): ResponseDto {
    return { ...r, ...versionStamps(r) };
  }
}
