import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { COMMUNITY_LIMITS, ENGAGEMENT_ISSUE_STATUSES, type EngagementIssueStatus, type IssueView } from '@app/domain/community';
import { LOCATION_CODE_MAX, PROBLEM_LIMITS } from '@app/domain/problems';
import { AREA_CODE_EXAMPLE, RequirementLinkDto, iso, toBoolean, trim } from './community-dto.common';

const L = COMMUNITY_LIMITS;

export class CreateEngagementIssueDto extends RequirementLinkDto {
  @ApiProperty({ example: 'anti-social-behaviour', description: "One of the partnership's problem categories (422 unknown-category)." })
  @IsString()
  @MaxLength(60)
  category: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: AREA_CODE_EXAMPLE, description: "Where (an area code); default: the engagement's first area." })
  @IsOptional()
  @IsString()
  @MaxLength(LOCATION_CODE_MAX)
  areaCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.label, example: 'The lane behind Loudoun Square shops', description: 'Never published.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.label)
  locationLabel?: string | null;

  @ApiProperty({ maxLength: L.text, example: 'Motorbikes ridden on the footpath most evenings; residents feel unsafe.', description: 'What was said. Stays in the partnership: never published.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.text)
  whatWasSaid: string;

  @ApiPropertyOptional({ minimum: 1, default: 1, description: 'How many people raised it.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(L.count)
  raisedByCount?: number;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'The assessment requirementIndex refers to (default: the approved one).' })
  @IsOptional()
  @IsUUID()
  strategicAssessmentId?: string | null;
}

export class NominateIssueDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PROBLEM_LIMITS.title, description: 'The nomination\'s title, and the problem\'s once accepted (default: the category and area).' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(PROBLEM_LIMITS.title)
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PROBLEM_LIMITS.text, description: "The description of the problem an accepted nomination opens (default: what was said)." })
  @IsOptional()
  @IsString()
  @MaxLength(PROBLEM_LIMITS.text)
  description?: string | null;
}

export class LinkIssueDto {
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A problem of the partnership (422 unknown-problem).' })
  @IsOptional()
  @IsUUID()
  problemId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A priority of the current control strategy (422 priority-not-current).' })
  @IsOptional()
  @IsUUID()
  priorityId?: string | null;
}

export class CloseIssueDto {
  @ApiProperty({ maxLength: L.reason, example: 'A private matter between neighbours: referred to the housing association.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.reason)
  reason: string;
}

export class AnswerIssueDto {
  @ApiProperty({ maxLength: L.answer, example: 'Police patrols on the lane on Friday and Saturday evenings since February; two bikes seized.', description: 'What was done, written for the public (English).' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.answer)
  text: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.answer, description: 'The same in Welsh.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.answer)
  textCy?: string | null;

  @ApiProperty({ format: 'uuid', description: 'The agency that acted: an agency of the partnership (422 agency-not-in-partnership).' })
  @IsUUID()
  agencyId: string;

  @ApiProperty({ description: 'true: publish in "you said, we did" (or keep published); false: keep it unpublished (or withdraw it).' })
  @IsBoolean()
  publish: boolean;
}

export class EngagementIssueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ENGAGEMENT_ISSUE_STATUSES })
  @IsOptional()
  @IsIn(ENGAGEMENT_ISSUE_STATUSES)
  status?: EngagementIssueStatus;

  @ApiPropertyOptional({ description: 'A category slug.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  category?: string;

  @ApiPropertyOptional({ example: AREA_CODE_EXAMPLE })
  @IsOptional()
  @IsString()
  @MaxLength(LOCATION_CODE_MAX)
  area?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Issues nominated as, or linked to, this problem.' })
  @IsOptional()
  @IsUUID()
  problemId?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only those with an answer; false: only those without.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'answered must be true or false' })
  answered?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only those whose answer is published.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'published must be true or false' })
  published?: boolean;
}

export class IssueAnswerDto {
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true }) textCy: string | null;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty() answeredAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) answeredBy: string | null;
  @ApiProperty() published: boolean;
  @ApiProperty({ type: String, nullable: true }) publishedAt: string | null;
}

export class EngagementIssueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) engagementId: string;
  @ApiProperty({ format: 'date', description: 'The engagement\'s date.' }) raisedOn: string;
  @ApiProperty() category: string;
  @ApiProperty() areaCode: string;
  @ApiProperty({ type: String, nullable: true }) locationLabel: string | null;
  @ApiProperty() whatWasSaid: string;
  @ApiProperty() raisedByCount: number;
  @ApiProperty({ enum: ENGAGEMENT_ISSUE_STATUSES }) status: EngagementIssueStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The problem it was linked to, or (nominated) the problem the chair accepted its nomination as or merged it into.' })
  problemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The intake nomination it became (GET {pid}/nominations/{id}), decided by the chair in a tasking meeting.' })
  nominationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) strategicAssessmentId: string | null;
  @ApiProperty({ type: Number, nullable: true }) requirementIndex: number | null;
  @ApiProperty({ type: IssueAnswerDto, nullable: true }) answer: IssueAnswerDto | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(i: IssueView): EngagementIssueDto {
    return {
      ...i,
      decidedAt: iso(i.decidedAt),
      answer: i.answer ? { ...i.answer, answeredAt: iso(i.answer.answeredAt)!, publishedAt: iso(i.answer.publishedAt) } : null,
      createdAt: iso(i.createdAt)!,
      updatedAt: iso(i.updatedAt)!,
    };
  }
}

export class EngagementIssuePageDto {
  @ApiProperty({ type: [EngagementIssueDto] }) items: EngagementIssueDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

