import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CATEGORY_SLUG_PATTERN, PROBLEM_LIMITS, type ProblemCategory } from '@app/domain/problems';
import { trim } from './problem-dto.common';

export class CreateProblemCategoryDto {
  @ApiProperty({ example: 'fly-tipping', maxLength: 60, description: 'Lower-case words joined by hyphens; what problems store.' })
  @IsString()
  @MaxLength(60)
  @Matches(CATEGORY_SLUG_PATTERN, { message: 'slug must be lower-case words joined by hyphens' })
  slug: string;

  @ApiProperty({ example: 'Fly-tipping', minLength: 2, maxLength: PROBLEM_LIMITS.categoryName })
  @Transform(trim)
  @IsString()
  @MinLength(2)
  @MaxLength(PROBLEM_LIMITS.categoryName)
  name: string;
}

export class ProblemCategoryDto {
  @ApiProperty({ example: 'anti-social-behaviour' }) slug: string;
  @ApiProperty({ example: 'Anti-social behaviour' }) name: string;
  @ApiProperty() position: number;

  static from(c: ProblemCategory): ProblemCategoryDto {
    return { slug: c.slug, name: c.name, position: c.position };
  }
}

export class ProblemCategoryPageDto {
  @ApiProperty({ type: [ProblemCategoryDto] }) items: ProblemCategoryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
