import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { COMMUNITY_LIMITS, ENGAGEMENT_ISSUE_STATUSES, type EngagementIssueStatus, type IssueView } from '@app/domain/community';
import { PROBLEM_LIMITS } from '@app/domain/problems';
import { OptionalAreaCode, RequirementLinkDto, iso } from './community-dto.common';
import { OptionalString, OptionalTrimmedText, OptionalUuid, toBoolean, trim, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';

const L = COMMUNITY_LIMITS;

export class CreateEngagementIssueDto extends RequirementLinkDto {
  /** One of the partnership's problem categories (422 unknown-category). */
  @ApiProperty({ example: 'anti-social-behaviour' })
  @IsString()
  @MaxLength(60)
  category: string;

  /** Where (an area code); default: the engagement's first area. */
  @OptionalAreaCode()
  areaCode?: string | null;

  /** Never published. */
  @OptionalTrimmedText(L.label, 'The lane behind Loudoun Square shops')
  locationLabel?: string | null;

  /** What was said. Stays in the partnership: never published. */
  @TrimmedText(3, L.text, 'Motorbikes ridden on the footpath most evenings; residents feel unsafe.') whatWasSaid: string;

  /** How many people raised it. */
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(L.count)
  raisedByCount?: number;

  /** The assessment requirementIndex refers to (default: the approved one). */
  @OptionalUuid() strategicAssessmentId?: string | null;
}

export class NominateIssueDto {
  /** The nomination's title, and the problem's once accepted (default: the category and area). */
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MinLength(3)
  @MaxLength(PROBLEM_LIMITS.title)
  title?: string | null;

  /** The description of the problem an accepted nomination opens (default: what was said). */
  @OptionalString(PROBLEM_LIMITS.text) description?: string | null;
}

export class LinkIssueDto {
  /** A problem of the partnership (422 unknown-problem). */
  @OptionalUuid() problemId?: string | null;

  /** A priority of the current control strategy (422 priority-not-current). */
  @OptionalUuid() priorityId?: string | null;
}

export class CloseIssueDto {
  @TrimmedText(3, L.reason, 'A private matter between neighbours: referred to the housing association.') reason: string;
}

export class AnswerIssueDto {
  /** What was done, written for the public (English). */
  @TrimmedText(3, L.answer, 'Police patrols on the lane on Friday and Saturday evenings since February; two bikes seized.') text: string;

  /** The same in Welsh. */
  @OptionalTrimmedText(L.answer)
  textCy?: string | null;

  /** The agency that acted: an agency of the partnership (422 agency-not-in-partnership). */
  @IsUUID()
  agencyId: string;

  /** true: publish in "you said, we did" (or keep published); false: keep it unpublished (or withdraw it). */
  @IsBoolean()
  publish: boolean;
}

export class EngagementIssueQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(ENGAGEMENT_ISSUE_STATUSES)
  status?: EngagementIssueStatus;

  /** A category slug. */
  @OptionalString(60) category?: string;

  @OptionalAreaCode()
  area?: string;

  /** Issues nominated as, or linked to, this problem. */
  @OptionalUuid() problemId?: string;

  /** true: only those with an answer; false: only those without. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'answered must be true or false' })
  answered?: boolean;

  /** true: only those whose answer is published. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'published must be true or false' })
  published?: boolean;
}

export class IssueAnswerDto {
  text: string;
  textCy: string | null;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  answeredAt: string;
  @ApiProperty({ format: 'uuid' }) answeredBy: string | null;
  published: boolean;
  publishedAt: string | null;
}

export class EngagementIssueDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) engagementId: string;
  /** The engagement's date. */
  @ApiProperty({ format: 'date' }) raisedOn: string;
  category: string;
  areaCode: string;
  locationLabel: string | null;
  whatWasSaid: string;
  raisedByCount: number;
  @ApiProperty({ enum: ENGAGEMENT_ISSUE_STATUSES }) status: EngagementIssueStatus;
  /** The problem it was linked to, or (nominated) the problem the chair accepted its nomination as or merged it into. */
  @ApiProperty({ format: 'uuid' })
  problemId: string | null;
  /** The intake nomination it became (GET {pid}/nominations/{id}), decided by the chair in a tasking meeting. */
  @ApiProperty({ format: 'uuid' })
  nominationId: string | null;
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
  closedReason: string | null;
  decidedAt: string | null;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string | null;
  requirementIndex: number | null;
  answer: IssueAnswerDto | null;
  version: number;
  createdAt: string;
  updatedAt: string;

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

export class EngagementIssuePageDto extends PageDto(EngagementIssueDto) {}
