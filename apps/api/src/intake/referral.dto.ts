import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { INCIDENT_CATEGORIES, INTAKE_LIMITS, REFERRER_KINDS, type ReferralRow, type ReferrerKind } from '@app/domain/intake';
import { OptionalString, OptionalTrimmedText, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

export class ReferralLocationDto {
  @OptionalString(9, 'W01001700') lsoaCode?: string | null;

  @OptionalString(9, 'W05000868') wardCode?: string | null;

  @OptionalString(INTAKE_LIMITS.label, 'Loudoun Square shops') label?: string | null;

  @ApiPropertyOptional({ example: 51.4686 })
  @IsOptional()
  @IsNumber()
  lat?: number | null;

  @ApiPropertyOptional({ example: -3.1698 })
  @IsOptional()
  @IsNumber()
  lng?: number | null;
}

export class CreateReferralDto {
  @IsIn(REFERRER_KINDS)
  referrerKind: ReferrerKind;

  /** The referring organisation (required for agency and third_sector referrals). */
  @OptionalTrimmedText(INTAKE_LIMITS.referringAgency, "Cardiff Women's Aid")
  referringAgency?: string | null;

  /** What is happening. Describe the problem, not the people: no names. */
  @TrimmedText(1, INTAKE_LIMITS.description) description: string;

  @IsIn(INCIDENT_CATEGORIES)
  category: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralLocationDto)
  location?: ReferralLocationDto | null;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REFERRER_KINDS }) referrerKind: ReferrerKind;
  referringAgency: string | null;
  description: string;
  @ApiProperty({ enum: INCIDENT_CATEGORIES }) category: string;
  location: ReferralLocationDto | null;
  /** Who logged it: { type, id }. */
  @ApiProperty({ type: Object }) receivedBy: { type: string; id: string };
  /** The nomination it became (kind referral). */
  @ApiProperty({ format: 'uuid' }) nominationId: string | null;
  /** That nomination's state. */
  nominationState: string | null;
  createdAt: string;

  static from(r: ReferralRow): ReferralDto {
    return {
      ...fieldsOf(r, 'id', 'referrerKind', 'referringAgency', 'description', 'category', 'location'),
      receivedBy: { type: r.receivedByType, id: r.receivedById },
      ...fieldsOf(r, 'nominationId', 'nominationState', 'createdAt'),
    };
  }
}

export class ReferralPageDto extends PageDto(ReferralDto) {}

export class ReferralQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(REFERRER_KINDS)
  referrerKind?: ReferrerKind;
}
