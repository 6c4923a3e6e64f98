import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { INCIDENT_CATEGORIES, INTAKE_LIMITS, REFERRER_KINDS, type ReferralRow, type ReferrerKind } from '@app/domain/intake';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ReferralLocationDto {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'W01001700' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  lsoaCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'W05000868' })
  @IsOptional()
  @IsString()
  @MaxLength(9)
  wardCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Loudoun Square shops', maxLength: INTAKE_LIMITS.label })
  @IsOptional()
  @IsString()
  @MaxLength(INTAKE_LIMITS.label)
  label?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 51.4686 })
  @IsOptional()
  @IsNumber()
  lat?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: -3.1698 })
  @IsOptional()
  @IsNumber()
  lng?: number | null;
}

export class CreateReferralDto {
  @ApiProperty({ enum: REFERRER_KINDS })
  @IsIn(REFERRER_KINDS)
  referrerKind: ReferrerKind;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Cardiff Women\'s Aid', maxLength: INTAKE_LIMITS.referringAgency, description: 'The referring organisation (required for agency and third_sector referrals).' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(INTAKE_LIMITS.referringAgency)
  referringAgency?: string | null;

  @ApiProperty({ maxLength: INTAKE_LIMITS.description, description: 'What is happening. Describe the problem, not the people: no names.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(INTAKE_LIMITS.description)
  description: string;

  @ApiProperty({ enum: INCIDENT_CATEGORIES })
  @IsIn(INCIDENT_CATEGORIES)
  category: string;

  @ApiPropertyOptional({ nullable: true, type: ReferralLocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReferralLocationDto)
  location?: ReferralLocationDto | null;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REFERRER_KINDS }) referrerKind: ReferrerKind;
  @ApiProperty({ type: String, nullable: true }) referringAgency: string | null;
  @ApiProperty() description: string;
  @ApiProperty({ enum: INCIDENT_CATEGORIES }) category: string;
  @ApiProperty({ type: ReferralLocationDto, nullable: true }) location: ReferralLocationDto | null;
  @ApiProperty({ type: Object, description: 'Who logged it: { type, id }.' }) receivedBy: { type: string; id: string };
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The nomination it became (kind referral).' }) nominationId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'That nomination\'s state.' }) nominationState: string | null;
  @ApiProperty() createdAt: string;

  static from(r: ReferralRow): ReferralDto {
    return {
      id: r.id,
      referrerKind: r.referrerKind,
      referringAgency: r.referringAgency,
      description: r.description,
      category: r.category,
      location: r.location,
      receivedBy: { type: r.receivedByType, id: r.receivedById },
      nominationId: r.nominationId,
      nominationState: r.nominationState,
      createdAt: new Date(r.createdAt).toISOString(),
    };
  }
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralDto] }) items: ReferralDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ReferralQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REFERRER_KINDS })
  @IsOptional()
  @IsIn(REFERRER_KINDS)
  referrerKind?: ReferrerKind;
}
