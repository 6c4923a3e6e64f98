import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import type { Actor } from '@app/core/security';
import { PageQueryDto } from '@app/core/pagination';
import { ACTION_STATUSES, type ActionDetail, type ActionStatus, type ActionStatusChangeRecord, type ActionView } from '@app/domain/tasking';
import { IsCalendarDate, IsOptionalNotNull, OptionalTrimmedText, OptionalUuid, toBoolean, TrimmedText } from '../common/validators';
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';
import { L, OptionalLink, iso } from './tasking-dto.common';

export class CreateActionDto {
  @TrimmedText(3, L.title, 'Arrange a joint patrol of Loudoun Square, Thursday to Saturday evenings') title: string;

  /** The agency that owns it: an agency of the partnership (422 agency-not-in-partnership). */
  @IsUUID()
  ownerAgencyId: string;

  /** The named officer, if any. */
  @OptionalTrimmedText(L.ownerName, 'PS Sian Morgan')
  ownerName?: string | null;

  /** Europe/London calendar date; today or later (422 due-date-in-past). */
  @ApiProperty({ format: 'date', example: '2026-02-12' })
  @IsCalendarDate()
  dueDate: string;

  @OptionalLink('The problem it serves: a problem of the partnership (422 unknown-problem).')
  problemId?: string | null;

  @OptionalLink('The control strategy priority it serves: a priority of the current strategy (422 priority-not-current).')
  controlStrategyPriorityId?: string | null;
}

export class UpdateActionDto {
  /** open -> in_progress, done, cancelled; in_progress -> open, done, cancelled; done -> open, in_progress (reopened: completedAt cleared); cancelled -> open. Others: 409 action-transition-not-allowed. */
  @IsOptionalNotNull()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  /** Kept in the status history. A note alone records progress without a change of status. */
  @OptionalTrimmedText(L.note, 'Patrols started on 5 February.')
  note?: string | null;
}

export class ActionQueryDto extends PageQueryDto {
  /** Actions owned by this agency. */
  @OptionalUuid() agencyId?: string;

  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  /** true: only overdue actions (open or in progress, due date before today, Europe/London); false: only the others. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  /** Actions made in this meeting. */
  @OptionalUuid() meetingId?: string;

  /** Actions serving this problem. */
  @OptionalUuid() problemId?: string;

  /** Actions serving this control strategy priority. */
  @OptionalUuid() priorityId?: string;
}

// ---- outputs --------------------------------------------------------------

export class ActorOutDto implements Actor {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) type: Actor['type'];
  @ApiProperty({ format: 'uuid' }) id: string | null;
}

export class ActionDto extends VersionedRecordDto {
  @ApiProperty({ example: 'CDF-A-0007' }) reference: string;
  title: string;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  ownerName: string | null;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  /** Open or in progress, and the due date is before today (Europe/London). */
  overdue: boolean;
  /** Days past the due date (0 unless overdue). */
  daysOverdue: number;
  /** The meeting it was made in; null when made between meetings. */
  @ApiProperty({ format: 'uuid' }) meetingId: string | null;
  @ApiProperty({ format: 'uuid' }) problemId: string | null;
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
  /** When it was marked done; null unless done. */
  completedAt: string | null;
  createdBy: ActorOutDto;

  static from(a: ActionView): ActionDto {
    return {
      ...fieldsOf(a, 'id', 'reference', 'title', 'ownerAgencyId', 'ownerName', 'dueDate', 'status', 'overdue', 'daysOverdue'),
      ...fieldsOf(a, 'meetingId', 'problemId', 'controlStrategyPriorityId', 'completedAt', 'createdBy'),
      ...versionStamps(a),
    };
  }
}

export class ActionStatusChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** Null for the creation. */
  @ApiProperty({ enum: ACTION_STATUSES }) from: ActionStatus | null;
  @ApiProperty({ enum: ACTION_STATUSES }) to: ActionStatus;
  note: string | null;
  changedBy: ActorOutDto;
  changedAt: string;

  static from(h: ActionStatusChangeRecord): ActionStatusChangeDto {
    return { ...h, changedAt: iso(h.changedAt)! };
  }
}

/** One action with its status history. */
export class ActionDetailDto extends ActionDto {
  /** Who changed the status, when, from what to what, oldest first. */
  history: ActionStatusChangeDto[];

  static fromDetail(a: ActionDetail): ActionDetailDto {
    return { ...ActionDto.from(a), history: a.history.map(ActionStatusChangeDto.from) };
  }
}

export class ActionPageDto extends PageDto(ActionDto) {}
