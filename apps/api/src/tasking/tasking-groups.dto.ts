import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import { GROUP_LEVELS, STRATEGIC_CADENCE_DAYS, type GroupLevel, type TaskingGroupView } from '@app/domain/tasking';
import { IsOptionalNotNull, TrimmedText } from '../common/validators';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';
import { L, OptionalLink } from './tasking-dto.common';

// ---- inputs ---------------------------------------------------------------

export class CreateTaskingGroupDto {
  /** Unique in the partnership, ignoring case. */
  @TrimmedText(3, L.groupName, 'Cardiff tactical tasking group') name: string;

  /** strategic: about quarterly, reviews the assessment and sets the control strategy; tactical: weekly to monthly, allocates actions. */
  @IsIn(GROUP_LEVELS)
  level: GroupLevel;

  @ApiPropertyOptional({
    example: 28,
    description: `Days between meetings. Default: the partnership's tacticalCadenceDays for a tactical group, ${STRATEGIC_CADENCE_DAYS} for a strategic one.`,
  })
  @IsOptional()
  @IsInt()
  @Min(L.cadenceDays.min)
  @Max(L.cadenceDays.max)
  cadenceDays?: number;

  /** A member of the partnership with the chair (or admin) role: they open and close the meetings (422 chair-not-member, chair-role-required). */
  @IsUUID()
  chairUserId: string;

  @OptionalLink(
    "Who chairs in the chair's absence: opens and closes the meetings and decides nominations as the chair does. A member with the chair (or admin) role other than the chair (422 deputy-chair-not-member, deputy-chair-role-required, deputy-chair-is-chair); null or absent: none.",
  )
  deputyChairUserId?: string | null;

  /** The agencies that sit on the group: agencies of the partnership, each once. */
  @ApiProperty({ format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.groupAgencies)
  @IsUUID('all', { each: true })
  agencyIds: string[];
}

/** Only the fields sent change, each checked as at creation (null is refused); the level does not change. */
export class UpdateTaskingGroupDto extends PartialType(OmitType(CreateTaskingGroupDto, ['level', 'cadenceDays']), { skipNullProperties: false }) {
  /** Hand the chair to another member with the chair (or admin) role (not the deputy chair, unless another deputy or null is named). */
  override chairUserId?: string;

  /** Name a deputy chair (a member with the chair or admin role, not the chair: 422 deputy-chair-not-member, deputy-chair-role-required, deputy-chair-is-chair), or null for none. */
  override deputyChairUserId?: string | null;

  /** Replaces the agencies. */
  override agencyIds?: string[];

  @IsOptionalNotNull()
  @IsInt()
  @Min(L.cadenceDays.min)
  @Max(L.cadenceDays.max)
  cadenceDays?: number;
}

export class TaskingGroupQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(GROUP_LEVELS)
  level?: GroupLevel;
}

export class TaskingGroupDto extends VersionedRecordDto {
  name: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  /** Days between meetings. */
  cadenceDays: number;
  /** Opens and closes the meetings (with partnership admins). */
  @ApiProperty({ format: 'uuid' }) chairUserId: string;
  /** Chairs in the chair's absence: opens and closes the meetings and decides nominations as the chair does (not changing the group); null when none. */
  @ApiProperty({ format: 'uuid' }) deputyChairUserId: string | null;
  @ApiProperty({ format: 'uuid' }) agencyIds: string[];

  static from(v: TaskingGroupView): TaskingGroupDto {
    const g = v.group;
    return {
      ...fieldsOf(g, 'id', 'name', 'level', 'cadenceDays', 'chairUserId'),
      deputyChairUserId: g.deputyChairUserId ?? null,
      agencyIds: v.agencyIds,
      ...versionStamps(g),
    };
  }
}

export class TaskingGroupPageDto extends PageDto(TaskingGroupDto) {}
