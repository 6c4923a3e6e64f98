import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { CATEGORY_SLUG_PATTERN, PROBLEM_LIMITS, type ProblemCategory } from '@app/domain/problems';

import { TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';

export class CreateProblemCategoryDto {
  /** Lower-case words joined by hyphens; what problems store. */
  @ApiProperty({ example: 'fly-tipping' })
  @IsString()
  @MaxLength(60)
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug: string;

  @TrimmedText(2, PROBLEM_LIMITS.categoryName, 'Fly-tipping') name: string;
}

export class ProblemCategoryDto {
  @ApiProperty({ example: 'anti-social-behaviour' }) slug: string;
  @ApiProperty({ example: 'Anti-social behaviour' }) name: string;
  position: number;

  static from(c: ProblemCategory): ProblemCategoryDto {
    return { slug: c.slug, name: c.name, position: c.position };
  }
}

export class ProblemCategoryPageDto extends PageDto(ProblemCategoryDto) {}
