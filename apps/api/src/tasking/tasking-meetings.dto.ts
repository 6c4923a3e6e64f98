import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
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
import { VersionedRecordDto, versionStamps } from '../common/versioned-record.dto';
import { INSTANT, L, OptionalLink, iso } from './tasking-dto.common';
import { OptionalTrimmedText, TrimmedText } from '../common/validators';
import { PageDto } from '../common/page';
import { fieldsOf } from '../common/fields-of';

export class ScheduleMeetingDto {
  /** When the meeting starts: an instant with a time zone (Z or an offset). Not on a day already past, Europe/London (422 meeting-date-passed). */
  @ApiProperty({ format: 'date-time', example: '2026-02-05T10:00:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(INSTANT, { message: 'scheduledFor must carry a time zone (Z or an offset such as +01:00)' })
  scheduledFor: string;
}

export class MeetingQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}

export class AttendanceEntryDto {
  /** An agency of the partnership, once per list. */
  @IsUUID()
  agencyId: string;

  @IsIn(ATTENDANCE_STATUSES)
  status: AttendanceStatus;

  /** Who attended for the agency. */
  @OptionalTrimmedText(L.attendee, 'Insp. Rhys Evans')
  attendee?: string | null;
}

export class CreateDecisionDto {
  @TrimmedText(3, L.text, 'Dispersal order to be sought for Loudoun Square from 1 March.') text: string;

  @OptionalLink('The problem it concerns: a problem of the partnership (422 unknown-problem).')
  problemId?: string | null;

  @OptionalLink('The control strategy priority it serves: a priority of the current strategy (422 priority-not-current).')
  controlStrategyPriorityId?: string | null;
}

export class CreateAddendumDto {
  @TrimmedText(3, L.text, 'Correction: the patrols are led by South Wales Police, not the council.') text: string;
}

export class MeetingViewQueryDto {
  /** Entries shown per agenda section. */
  @ApiPropertyOptional({ default: AGENDA_DEFAULT_SECTION_SIZE })
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
  attendee: string | null;
}

export class DecisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  /** 1, 2, 3... within the meeting. */
  seq: number;
  text: string;
  @ApiProperty({ format: 'uuid' }) problemId: string | null;
  @ApiProperty({ format: 'uuid' }) controlStrategyPriorityId: string | null;
  recordedBy: ActorOutDto;
  recordedAt: string;

  static from(d: DecisionRecord): DecisionDto {
    return { ...d, recordedAt: iso(d.recordedAt)! };
  }
}

export class AddendumDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  text: string;
  /** The user who wrote it. */
  @ApiProperty({ format: 'uuid' }) authorId: string;
  addedAt: string;

  static from(a: AddendumRecord): AddendumDto {
    return { ...a, addedAt: iso(a.addedAt)! };
  }
}

export class MeetingGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  name: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  @ApiProperty({ format: 'uuid' }) chairUserId: string;
  /** Chairs the meetings in the chair's absence; null when the group names none. */
  @ApiProperty({ format: 'uuid' }) deputyChairUserId: string | null;
}

export class MeetingSummaryDto extends VersionedRecordDto {
  @ApiProperty({ format: 'uuid' }) taskingGroupId: string;
  group: MeetingGroupDto;
  scheduledFor: string;
  @ApiProperty({ enum: MEETING_STATUSES }) status: MeetingStatus;
  openedAt: string | null;
  @ApiProperty({ format: 'uuid' }) openedBy: string | null;
  closedAt: string | null;
  @ApiProperty({ format: 'uuid' }) closedBy: string | null;
  /** Moves with every change to the meeting or its minutes; its ETag is "<id>.<version>". */
  override version: number;

  static from(v: MeetingSummary): MeetingSummaryDto {
    const m = v.meeting;
    return {
      ...fieldsOf(m, 'id', 'taskingGroupId'),
      group: v.group,
      ...fieldsOf(m, 'scheduledFor', 'status', 'openedAt', 'openedBy', 'closedAt', 'closedBy'),
      ...versionStamps(m),
    };
  }
}

export class MeetingPageDto extends PageDto(MeetingSummaryDto) {}

/** A meeting with its agenda and minutes. */
export class MeetingDto extends MeetingSummaryDto {
  /** Generated from the partnership's state when read while the meeting is scheduled; frozen when it opens. */
  agenda: AgendaDto;
  /** True once the meeting has opened: the agenda no longer changes. */
  agendaFrozen: boolean;
  attendance: AttendanceDto[];
  decisions: DecisionDto[];
  /** Actions made in the meeting, in order. */
  actions: ActionDto[];
  /** Dated corrections added after closing, oldest first. */
  addenda: AddendumDto[];

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
