import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import type { Actor } from '@app/core/security';
import { PageQueryDto } from '@app/core/pagination';
import { ACTION_STATUSES, type ActionDetail, type ActionStatus, type ActionStatusChangeRecord, type ActionView } from '@app/domain/tasking';
import { IsCalendarDate, IsOptionalNotNull } from '../common/validators';
import { L, OptionalLink, iso, toBoolean, trim } from './tasking-dto.common';

export class CreateActionDto {
  @ApiProperty({ minLength: 3, maxLength: L.title, example: 'Arrange a joint patrol of Loudoun Square, Thursday to Saturday evenings' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.title)
  title: string;

  @ApiProperty({ format: 'uuid', description: 'The agency that owns it: an agency of the partnership (422 agency-not-in-partnership).' })
  @IsUUID()
  ownerAgencyId: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.ownerName, example: 'PS Sian Morgan', description: 'The named officer, if any.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.ownerName)
  ownerName?: string | null;

  @ApiProperty({ format: 'date', example: '2026-02-12', description: 'Europe/London calendar date; today or later (422 due-date-in-past).' })
  @IsCalendarDate()
  dueDate: string;

  @OptionalLink('The problem it serves: a problem of the partnership (422 unknown-problem).')
  problemId?: string | null;

  @OptionalLink('The control strategy priority it serves: a priority of the current strategy (422 priority-not-current).')
  controlStrategyPriorityId?: string | null;
}

export class UpdateActionDto {
  @ApiPropertyOptional({
    enum: ACTION_STATUSES,
    description: 'open -> in_progress, done, cancelled; in_progress -> open, done, cancelled; done -> open, in_progress (reopened: completedAt cleared); cancelled -> open. Others: 409 action-transition-not-allowed.',
  })
  @IsOptionalNotNull()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.note, example: 'Patrols started on 5 February.', description: 'Kept in the status history. A note alone records progress without a change of status.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.note)
  note?: string | null;
}

export class ActionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Actions owned by this agency.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: ActionStatus;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only overdue actions (open or in progress, due date before today, Europe/London); false: only the others.' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Actions made in this meeting.' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Actions serving this problem.' })
  @IsOptional()
  @IsUUID()
  problemId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Actions serving this control strategy priority.' })
  @IsOptional()
  @IsUUID()
  priorityId?: string;
}

// ---- outputs --------------------------------------------------------------

export class ActorOutDto implements Actor {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) type: Actor['type'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id: string | null;
}

export class ActionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-A-0007' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  @ApiProperty({ type: String, nullable: true }) ownerName: string | null;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty({ description: 'Open or in progress, and the due date is before today (Europe/London).' }) overdue: boolean;
  @ApiProperty({ description: 'Days past the due date (0 unless overdue).' }) daysOverdue: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The meeting it was made in; null when made between meetings.' }) meetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) problemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'When it was marked done; null unless done.' }) completedAt: string | null;
  @ApiProperty({ type: ActorOutDto }) createdBy: ActorOutDto;
  @ApiProperty({ description: 'Its ETag is "<id>.<version>".' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(a: ActionView): ActionDto {
    return {
      id: a.id,
      reference: a.reference,
      title: a.title,
      ownerAgencyId: a.ownerAgencyId,
      ownerName: a.ownerName,
      dueDate: a.dueDate,
      status: a.status,
      overdue: a.overdue,
      daysOverdue: a.daysOverdue,
      meetingId: a.meetingId,
      problemId: a.problemId,
      controlStrategyPriorityId: a.controlStrategyPriorityId,
      completedAt: iso(a.completedAt),
      createdBy: a.createdBy,
      version: a.version,
      createdAt: iso(a.createdAt)!,
      updatedAt: iso(a.updatedAt)!,
    };
  }
}

export class ActionStatusChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ACTION_STATUSES, nullable: true, description: 'Null for the creation.' }) from: ActionStatus | null;
  @ApiProperty({ enum: ACTION_STATUSES }) to: ActionStatus;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ type: ActorOutDto }) changedBy: ActorOutDto;
  @ApiProperty() changedAt: string;

  static from(h: ActionStatusChangeRecord): ActionStatusChangeDto {
    return { ...h, changedAt: iso(h.changedAt)! };
  }
}

/** One action with its status history. */
export class ActionDetailDto extends ActionDto {
  @ApiProperty({ type: [ActionStatusChangeDto], description: 'Who changed the status, when, from what to what, oldest first.' }) history: ActionStatusChangeDto[];

  static fromDetail(a: ActionDetail): ActionDetailDto {
    return { ...ActionDto.from(a), history: a.history.map(ActionStatusChangeDto.from) };
  }
}

export class ActionPageDto {
  @ApiProperty({ type: [ActionDto] }) items: ActionDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
