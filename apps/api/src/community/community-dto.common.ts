import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { LOCATION_CODE_MAX } from '@app/domain/problems';

export const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** An area code as the API takes it: an ONS code (ward W05..., LSOA W01...) or a local code; checked by the domain (400). */
export const AREA_CODE_EXAMPLE = 'W05001289';

/** An area code that may be left out (a filter, or where a record is). */
export function OptionalAreaCode(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ example: AREA_CODE_EXAMPLE }), IsOptional(), IsString(), MaxLength(LOCATION_CODE_MAX));
}

/** `requirementIndex` (and the assessment it refers to) on the inputs that answer an intelligence requirement. */
export class RequirementLinkDto {
  /** The intelligence requirement item this answers: its position (0-based) in the assessment's intelligenceRequirement list (422 unknown-requirement). The approved assessment unless strategicAssessmentId says otherwise (422 no-approved-assessment). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(999)
  requirementIndex?: number | null;
}
