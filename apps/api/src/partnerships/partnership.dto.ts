import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { AGENCY_KINDS, MAX_REVIEW_INTERVAL_MONTHS, PARTNERSHIP_CODE_PATTERN, type AgencyKind, type Agency, type Partnership } from '@app/domain/partnerships';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { IntakeSettingsDto } from '../intake/intake-settings.dto';
import { OptionalString, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

export class PartnershipDto extends VersionedRecordDto {
  /** Short code, accepted in paths in place of the UUID. */
  @ApiProperty({ example: 'cardiff' }) code: string;
  @ApiProperty({ example: 'Cardiff Community Safety Partnership' }) name: string;
  /** Prefix of human references, e.g. CDF-P-0042. */
  @ApiProperty({ example: 'CDF' }) referencePrefix: string;
  @ApiProperty({ example: 'South Wales Police' }) policeForce: string | null;
  /** Months between strategic assessment reviews (never more than 3). */
  @ApiProperty({ minimum: 1, maximum: 3 })
  reviewIntervalMonths: number;
  /** Days between tactical tasking meetings. */
  tacticalCadenceDays: number;
  @ApiProperty({ example: ['intelligence', 'prevention', 'enforcement', 'reassurance'] })
  controlStrategyStrands: string[];
  /** The repeat rules of the intake scanners (GET and PATCH of one partnership). */
  intakeSettings?: IntakeSettingsDto;

  static from(p: Partnership): PartnershipDto {
    return {
      ...fieldsOf(p, 'id', 'code', 'name', 'referencePrefix', 'policeForce', 'reviewIntervalMonths', 'tacticalCadenceDays', 'controlStrategyStrands'),
      ...versionStamps(p),
    };
  }
}

export class PartnershipPageDto extends PageDto(PartnershipDto) {}

export class AgencyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ example: 'South Wales Police' }) name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) kind: AgencyKind;
  createdAt: string;
  updatedAt: string;

  static from(a: Agency): AgencyDto {
    return fieldsOf(a, 'id', 'partnershipId', 'name', 'kind', 'createdAt', 'updatedAt');
  }
}

export class AgencyPageDto extends PageDto(AgencyDto) {}

export class CreateAgencyDto {
  @TrimmedText(2, 200, "Cardiff Women's Aid") name: string;

  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;
}

export class AgencyQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;
}

export class UpdatePartnershipDto {
  /** Months between strategic assessment reviews (never more than 3). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REVIEW_INTERVAL_MONTHS)
  reviewIntervalMonths?: number;

  /** Days between tactical tasking meetings. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  tacticalCadenceDays?: number;

  @ApiPropertyOptional({ example: ['intelligence', 'prevention', 'enforcement', 'reassurance'] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { each: true, message: 'each strand is a lower-case word (letters, digits, _)' })
  controlStrategyStrands?: string[];
}

/** PATCH {pid}: the settings, and the repeat rules of the intake scanners. */
export class PatchPartnershipDto extends UpdatePartnershipDto {
  /** Thresholds and windows of the repeat scanners (only the fields sent change). */
  @IsOptional()
  @ValidateNested()
  @Type(() => IntakeSettingsDto)
  intakeSettings?: IntakeSettingsDto;
}

export class CreatePartnershipDto extends UpdatePartnershipDto {
  /** Short code used in URLs. */
  @ApiProperty({ example: 'north-wales-regional' })
  @IsString()
  @MaxLength(60)
  @Matches(PARTNERSHIP_CODE_PATTERN, { message: 'code must be lower-case words joined by hyphens' })
  code: string;

  @TrimmedText(2, 200, 'North Wales Regional Community Safety Partnership') name: string;

  /** 2-5 capital letters, unique: the prefix of human references. */
  @ApiProperty({ example: 'NWR' })
  @Matches(/^[A-Z]{2,5}$/, { message: 'referencePrefix must be 2-5 capital letters' })
  referencePrefix: string;

  @OptionalString(200, 'North Wales Police') policeForce?: string;
}
