import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '@app/core/pagination';
import {
  AGENDA_DEFAULT_SECTION_SIZE,
  AGENDA_SECTION_LIMIT,
  ATTENDANCE_STATUSES,
  GROUP_LEVELS,
  MEETING_STATUSES,
  trimAgenda,
  type AddendumRecord,
  type AttendanceRecord,
  type AttendanceStatus,
  type DecisionRecord,
  type GroupLevel,
  type MeetingStatus,
  type MeetingSummary,
  type MeetingView,
} from '@app/domain/tasking';
import { ActionDto, ActorOutDto } from './tasking-actions.dto';
import { AgendaDto, agendaLinks } from './tasking-agenda.dto';
import { INSTANT, L, OptionalLink, iso, trim } from './tasking-dto.common';

export class ScheduleMeetingDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-02-05T10:00:00Z',
    description: 'When the meeting starts: an instant with a time zone (Z or an offset). Not on a day already past, Europe/London (422 meeting-date-passed).',
  })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(INSTANT, { message: 'scheduledFor must carry a time zone (Z or an offset such as +01:00)' })
  scheduledFor: string;
}

export class MeetingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}

export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid', description: 'An agency of the partnership, once per list.' })
  @IsUUID()
  agencyId: string;

  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.attendee, example: 'Insp. Rhys Evans', description: 'Who attended for the agency.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(L.attendee)
  attendee?: string | null;
}

export class CreateDecisionDto {
  @ApiProperty({ minLength: 3, maxLength: L.text, example: 'Dispersal order to be sought for Loudoun Square from 1 March.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.text)
  text: string;

  @OptionalLink('The problem it concerns: a problem of the partnership (422 unknown-problem).')
  problemId?: string | null;

  @OptionalLink('The control strategy priority it serves: a priority of the current strategy (422 priority-not-current).')
  controlStrategyPriorityId?: string | null;
}

export class CreateAddendumDto {
  @ApiProperty({ minLength: 3, maxLength: L.text, example: 'Correction: the patrols are led by South Wales Police, not the council.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.text)
  text: string;
}

export class MeetingViewQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: AGENDA_SECTION_LIMIT, default: AGENDA_DEFAULT_SECTION_SIZE, description: 'Entries shown per agenda section.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AGENDA_SECTION_LIMIT)
  agendaLimit?: number;
}

export class AttendanceDto implements AttendanceRecord {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status: AttendanceStatus;
  @ApiProperty({ type: String, nullable: true }) attendee: string | null;
}

export class DecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: '1, 2, 3... within the meeting.' }) seq: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) problemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ type: ActorOutDto }) recordedBy: ActorOutDto;
  @ApiProperty() recordedAt: string;

  static from(d: DecisionRecord): DecisionDto {
    return { ...d, recordedAt: iso(d.recordedAt)! };
  }
}

export class AddendumDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid', description: 'The user who wrote it.' }) authorId: string;
  @ApiProperty() addedAt: string;

  static from(a: AddendumRecord): AddendumDto {
    return { ...a, addedAt: iso(a.addedAt)! };
  }
}

export class MeetingGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  @ApiProperty({ format: 'uuid' }) chairUserId: string;
}

export class MeetingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) taskingGroupId: string;
  @ApiProperty({ type: MeetingGroupDto }) group: MeetingGroupDto;
  @ApiProperty() scheduledFor: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  @ApiProperty({ type: String, nullable: true }) openedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) openedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) closedBy: string | null;
  @ApiProperty({ description: 'Moves with every change to the meeting or its minutes; its ETag is "<id>.<version>".' }) version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(v: MeetingSummary): MeetingSummaryDto {
    const m = v.meeting;
    return {
      id: m.id,
      taskingGroupId: m.taskingGroupId,
      group: v.group,
      scheduledFor: iso(m.scheduledFor)!,
      status: m.status,
      openedAt: iso(m.openedAt),
      openedBy: m.openedBy,
      closedAt: iso(m.closedAt),
      closedBy: m.closedBy,
      version: m.version,
      createdAt: iso(m.createdAt)!,
      updatedAt: iso(m.updatedAt)!,
    };
  }
}

export class MeetingPageDto {
  @ApiProperty({ type: [MeetingSummaryDto] }) items: MeetingSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** A meeting with its agenda and minutes. */
export class MeetingDto extends MeetingSummaryDto {
  @ApiProperty({ type: AgendaDto, description: 'Generated from the partnership\'s state when read while the meeting is scheduled; frozen when it opens.' }) agenda: AgendaDto;
  @ApiProperty({ description: 'True once the meeting has opened: the agenda no longer changes.' }) agendaFrozen: boolean;
  @ApiProperty({ type: [AttendanceDto] }) attendance: AttendanceDto[];
  @ApiProperty({ type: [DecisionDto] }) decisions: DecisionDto[];
  @ApiProperty({ type: [ActionDto], description: 'Actions made in the meeting, in order.' }) actions: ActionDto[];
  @ApiProperty({ type: [AddendumDto], description: 'Dated corrections added after closing, oldest first.' }) addenda: AddendumDto[];

  /** `agendaSize`: entries per agenda section in this answer. */
  static fromView(v: MeetingView, agendaSize: number = AGENDA_DEFAULT_SECTION_SIZE): MeetingDto {
    const agenda = trimAgenda(v.agenda, agendaSize);
    return {
      ...MeetingSummaryDto.from(v),
      agenda: { ...agenda, links: agendaLinks(v.meeting.partnershipId, v.meeting.id, agenda.truncated) },
      agendaFrozen: v.agendaFrozen,
      attendance: v.attendance,
      decisions: v.decisions.map(DecisionDto.from),
      actions: v.actions.map(ActionDto.from),
      addenda: v.addenda.map(AddendumDto.from),
    };
  }
}
