import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { AGENCY_KINDS, type AgencyKind, type Agency, type Partnership } from '@app/domain/partnerships';

export class PartnershipDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'cardiff', description: 'Short code, accepted in paths in place of the UUID.' }) code: string;
  @ApiProperty({ example: 'Cardiff Community Safety Partnership' }) name: string;
  @ApiProperty({ example: 'CDF', description: 'Prefix of human references, e.g. CDF-P-0042.' }) referencePrefix: string;
  @ApiProperty({ nullable: true, example: 'South Wales Police', type: String }) policeForce: string | null;
  @ApiProperty({ minimum: 1, maximum: 3, description: 'Months between strategic assessment reviews (never more than 3).' })
  reviewIntervalMonths: number;
  @ApiProperty({ description: 'Days between tactical tasking meetings.' }) tacticalCadenceDays: number;
  @ApiProperty({ type: [String], example: ['intelligence', 'prevention', 'enforcement', 'reassurance'] })
  controlStrategyStrands: string[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(p: Partnership): PartnershipDto {
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      referencePrefix: p.referencePrefix,
      policeForce: p.policeForce,
      reviewIntervalMonths: p.reviewIntervalMonths,
      tacticalCadenceDays: p.tacticalCadenceDays,
      controlStrategyStrands: p.controlStrategyStrands,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }
}

export class PartnershipPageDto {
  @ApiProperty({ type: [PartnershipDto] }) items: PartnershipDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class AgencyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) partnershipId: string;
  @ApiProperty({ example: 'South Wales Police' }) name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) kind: AgencyKind;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(a: Agency): AgencyDto {
    return {
      id: a.id,
      partnershipId: a.partnershipId,
      name: a.name,
      kind: a.kind,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}

export class AgencyPageDto {
  @ApiProperty({ type: [AgencyDto] }) items: AgencyDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CreateAgencyDto {
  @ApiProperty({ example: 'Cardiff Women\'s Aid', minLength: 2, maxLength: 200 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;
}

export class AgencyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AGENCY_KINDS })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;
}
