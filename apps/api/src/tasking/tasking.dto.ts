import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import type { Actor } from '@app/core/security';
import { PageQueryDto } from '@app/core/pagination';
import { REVIEW_STATES, ASSESSMENT_STATUSES, type AssessmentStatus, type ReviewState } from '@app/domain/assessments';
import { FLAG_KINDS, type FlagKind } from '@app/domain/flags';
import { PROBLEM_STAGES, type ProblemStage } from '@app/domain/problems';
import {
  ACTION_STATUSES,
  AGENDA_DEFAULT_SECTION_SIZE,
  AGENDA_SECTION_LIMIT,
  AGENDA_SECTIONS,
  ATTENDANCE_STATUSES,
  GROUP_LEVELS,
  MEETING_STATUSES,
  STRATEGIC_CADENCE_DAYS,
  TASKING_LIMITS,
  trimAgenda,
  type ActionDetail,
  type ActionStatus,
  type ActionStatusChangeRecord,
  type ActionView,
  type AddendumRecord,
  type Agenda,
  type AgendaAction,
  type AgendaFlag,
  type AgendaPriority,
  type AgendaProblem,
  type AgendaSection,
  type AgendaStrategicReview,
  type AgencyPerformance,
  type AttendanceRecord,
  type AttendanceStatus,
  type DecisionRecord,
  type GroupLevel,
  type MeetingStatus,
  type MeetingSummary,
  type MeetingView,
  type PerformanceCounts,
  type PerformanceReport,
  type TaskingGroupView,
} from '@app/domain/tasking';
import { AGENCY_KINDS, type AgencyKind } from '@app/domain/partnerships';
import { IsCalendarDate, IsOptionalNotNull } from '../common/validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const L = TASKING_LIMITS;

/** An instant written ISO 8601 with a time zone (Z or an offset). */
const INSTANT = /(Z|[+-]\d{2}:\d{2})$/;

// ---- inputs ---------------------------------------------------------------

export class CreateTaskingGroupDto {
  @ApiProperty({ example: 'Cardiff tactical tasking group', minLength: 3, maxLength: L.groupName, description: 'Unique in the partnership, ignoring case.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.groupName)
  name: string;

  @ApiProperty({ enum: GROUP_LEVELS, description: 'strategic: about quarterly, reviews the assessment and sets the control strategy; tactical: weekly to monthly, allocates actions.' })
  @IsIn(GROUP_LEVELS)
  level: GroupLevel;

  @ApiPropertyOptional({
    minimum: L.cadenceDays.min,
    maximum: L.cadenceDays.max,
    example: 28,
    description: `Days between meetings. Default: the partnership's tacticalCadenceDays for a tactical group, ${STRATEGIC_CADENCE_DAYS} for a strategic one.`,
  })
  @IsOptional()
  @IsInt()
  @Min(L.cadenceDays.min)
  @Max(L.cadenceDays.max)
  cadenceDays?: number;

  @ApiProperty({ format: 'uuid', description: 'A member of the partnership with the chair (or admin) role: they open and close the meetings (422 chair-not-member, chair-role-required).' })
  @IsUUID()
  chairUserId: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: L.groupAgencies, description: 'The agencies that sit on the group: agencies of the partnership, each once.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.groupAgencies)
  @IsUUID('all', { each: true })
  agencyIds: string[];
}

/** Only the fields sent change; the level does not. */
export class UpdateTaskingGroupDto {
  @ApiPropertyOptional({ minLength: 3, maxLength: L.groupName })
  @Transform(trim)
  @IsOptionalNotNull()
  @IsString()
  @MinLength(3)
  @MaxLength(L.groupName)
  name?: string;

  @ApiPropertyOptional({ minimum: L.cadenceDays.min, maximum: L.cadenceDays.max })
  @IsOptionalNotNull()
  @IsInt()
  @Min(L.cadenceDays.min)
  @Max(L.cadenceDays.max)
  cadenceDays?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Hand the chair to another member with the chair (or admin) role.' })
  @IsOptionalNotNull()
  @IsUUID()
  chairUserId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: L.groupAgencies, description: 'Replaces the agencies.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(L.groupAgencies)
  @IsUUID('all', { each: true })
  agencyIds?: string[];
}

export class TaskingGroupQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: GROUP_LEVELS })
  @IsOptional()
  @IsIn(GROUP_LEVELS)
  level?: GroupLevel;
}

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

function OptionalLink(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description })(target, key);
    IsOptional()(target, key);
    IsUUID()(target, key);
  };
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

export class CreateAddendumDto {
  @ApiProperty({ minLength: 3, maxLength: L.text, example: 'Correction: the patrols are led by South Wales Police, not the council.' })
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(L.text)
  text: string;
}

export class PerformanceQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2025-01-16', description: 'First due date of the period (inclusive). Default: 12 months before `to`, plus a day.' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-01-15', description: 'Last due date of the period (inclusive). Default: today (Europe/London).' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

// ---- outputs --------------------------------------------------------------

export class ActorOutDto implements Actor {
  @ApiProperty({ enum: ['user', 'api_key', 'system', 'anonymous'] }) type: Actor['type'];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id: string | null;
}

export class TaskingGroupDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  @ApiProperty({ description: 'Days between meetings.' }) cadenceDays: number;
  @ApiProperty({ format: 'uuid', description: 'Opens and closes the meetings (with partnership admins).' }) chairUserId: string;
  @ApiProperty({ type: [String], format: 'uuid' }) agencyIds: string[];
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(v: TaskingGroupView): TaskingGroupDto {
    const g = v.group;
    return {
      id: g.id,
      name: g.name,
      level: g.level,
      cadenceDays: g.cadenceDays,
      chairUserId: g.chairUserId,
      agencyIds: v.agencyIds,
      version: g.version,
      createdAt: iso(g.createdAt)!,
      updatedAt: iso(g.updatedAt)!,
    };
  }
}

export class TaskingGroupPageDto {
  @ApiProperty({ type: [TaskingGroupDto] }) items: TaskingGroupDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
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

export class AgendaActionDto implements AgendaAction {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-A-0007' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) ownerAgencyId: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ACTION_STATUSES }) status: ActionStatus;
  @ApiProperty() daysOverdue: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) meetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) problemId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
}

export class AgendaProblemDto implements AgendaProblem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'CDF-P-0042' }) reference: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: PROBLEM_STAGES }) stage: ProblemStage;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedAssessmentDate: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) controlStrategyPriorityId: string | null;
  @ApiProperty({ description: 'When it reached its stage (a new nomination: when it was logged).' }) stageChangedAt: string;
}

/** An open nomination of the intake context on the agenda (GET {pid}/nominations/{id} has its evidence). */
export class AgendaNominationDto {
  @ApiProperty({ enum: ['nomination'] }) type: 'nomination';
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'repeat_location' }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) category: string | null;
  @ApiProperty({ description: 'Incidents it rests on.' }) evidenceCount: number;
  @ApiProperty({ format: 'date' }) windowStart: string;
  @ApiProperty({ format: 'date' }) windowEnd: string;
  @ApiProperty() raisedAt: string;
}

export class AgendaPriorityDto implements AgendaPriority {
  @ApiProperty({ format: 'uuid', description: 'The stable control strategy priority id.' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) leadAgencyId: string;
  @ApiProperty({ description: 'Problems not closed that serve it.' }) openProblems: number;
  @ApiProperty({ description: 'Actions open or in progress that serve it.' }) openActions: number;
  @ApiProperty({ description: 'No open problem and no open action serves it.' }) noActivity: boolean;
  @ApiProperty({ description: 'The strategy rests on an assessment overdue for review, or superseded.' }) staleAssessment: boolean;
}

export class AgendaFlagDto implements AgendaFlag {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: FLAG_KINDS }) kind: FlagKind;
  @ApiProperty() subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() raisedAt: string;
  @ApiProperty() acknowledged: boolean;
}

export class AgendaAssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ASSESSMENT_STATUSES }) status: AssessmentStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true }) nextReviewDue: string | null;
  @ApiProperty({ enum: REVIEW_STATES, nullable: true }) reviewState: ReviewState | null;
}

export class AgendaStrategyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() versionNumber: number;
  @ApiProperty({ format: 'uuid' }) strategicAssessmentId: string;
  @ApiProperty() staleAssessment: boolean;
}

export class AgendaRequirementGapDto {
  @ApiProperty({ description: 'The position of the requirement item in the assessment (0-based).' }) index: number;
  @ApiProperty() requirement: string;
}

export class AgendaStrategicReviewDto implements AgendaStrategicReview {
  @ApiProperty({ type: AgendaAssessmentDto, nullable: true, description: 'The approved strategic assessment and where its review cycle stands.' }) assessment: AgendaAssessmentDto | null;
  @ApiProperty({ type: AgendaStrategyDto, nullable: true, description: 'The current control strategy.' }) controlStrategy: AgendaStrategyDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Set when the current strategy rests on an overdue or superseded assessment.' }) staleStrategyWarning: string | null;
  @ApiProperty({
    type: [AgendaRequirementGapDto],
    description: "The approved assessment's intelligence requirement items with nothing received in its review period (GET .../strategic-assessments/{id}/intelligence-requirement). Absent from agendas frozen before it was added.",
  })
  intelligenceRequirementGaps: AgendaRequirementGapDto[];
}

export class AgendaDto implements Agenda {
  @ApiProperty({ description: 'When it was generated.' }) generatedAt: string;
  @ApiProperty({ format: 'date', description: 'The Europe/London date it was judged on.' }) asOf: string;
  @ApiProperty({ enum: GROUP_LEVELS }) level: GroupLevel;
  @ApiProperty({ format: 'date', description: 'Actions due and problems for review fall before this date (exclusive).' }) horizon: string;
  @ApiProperty({ enum: ['next_meeting', 'cadence'], description: 'next_meeting: the group\'s next scheduled meeting; cadence: this meeting\'s date plus the group\'s cadence.' })
  horizonFrom: 'next_meeting' | 'cadence';
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) nextMeetingId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The group\'s last meeting opened before this one.' }) previousMeetingId: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'New nominations are problems logged since this instant (the previous meeting\'s opening); null: every problem at scanning.' })
  nominationsSince: string | null;
  @ApiProperty({ type: [AgendaActionDto], description: 'Open or in progress, due before asOf; oldest due date first.' }) overdueActions: AgendaActionDto[];
  @ApiProperty({ type: [AgendaActionDto], description: 'Open or in progress, due from asOf up to (not including) the horizon.' }) actionsDue: AgendaActionDto[];
  @ApiProperty({ type: [AgendaProblemDto], description: 'Not closed, planned assessment date before the horizon (passed ones included).' }) problemsForReview: AgendaProblemDto[];
  @ApiProperty({
    type: 'array',
    items: { oneOf: [{ $ref: '#/components/schemas/AgendaProblemDto' }, { $ref: '#/components/schemas/AgendaNominationDto' }] },
    description: 'Problems at scanning logged since the group\'s previous meeting, then the open nominations (type: nomination) with their evidence counts.',
  })
  newNominations: (AgendaProblemDto | AgendaNominationDto)[];
  @ApiProperty({ type: [AgendaPriorityDto], description: 'The current control strategy\'s priorities, in its order.' }) priorities: AgendaPriorityDto[];
  @ApiProperty({ type: [AgendaFlagDto], description: 'Open flags of the partnership, most recent first.' }) flags: AgendaFlagDto[];
  @ApiProperty({ type: AgendaStrategicReviewDto, nullable: true, description: 'Strategic groups only.' }) strategicReview: AgendaStrategicReviewDto | null;
  @ApiProperty({
    enum: AGENDA_SECTIONS,
    isArray: true,
    description: `Sections with more entries than this answer shows (?agendaLimit=, default ${AGENDA_DEFAULT_SECTION_SIZE}), or cut at ${AGENDA_SECTION_LIMIT} when generated.`,
  })
  truncated: AgendaSection[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: `For each truncated section, where the rest is: the open overdue actions and the open flags as their lists, the other sections as this meeting with ?agendaLimit=${AGENDA_SECTION_LIMIT}.`,
  })
  links: Partial<Record<AgendaSection, string>>;
}

/** Where the rest of each truncated section of a meeting's agenda can be read. */
function agendaLinks(partnershipId: string, meetingId: string, truncated: readonly AgendaSection[]): Partial<Record<AgendaSection, string>> {
  const base = `/api/v1/partnerships/${partnershipId}`;
  const lists: Partial<Record<AgendaSection, string>> = { overdueActions: `${base}/actions?overdue=true`, flags: `${base}/flags?open=true` };
  return Object.fromEntries(truncated.map((s) => [s, lists[s] ?? `${base}/meetings/${meetingId}?agendaLimit=${AGENDA_SECTION_LIMIT}`]));
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

export class PerformanceCountsDto implements PerformanceCounts {
  @ApiProperty({ description: 'Actions due in the period, cancelled ones left out (doneOnTime + doneLate + openOverdue + openNotDue).' }) due: number;
  @ApiProperty({ description: 'Done, completed on or before the due date (Europe/London dates).' }) doneOnTime: number;
  @ApiProperty({ description: 'Done, completed after the due date.' }) doneLate: number;
  @ApiProperty({ description: 'Open or in progress, and the due date has passed.' }) openOverdue: number;
  @ApiProperty({ description: 'Open or in progress, not yet overdue.' }) openNotDue: number;
  @ApiProperty({ description: 'Cancelled actions due in the period (not in due).' }) cancelled: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 0.75,
    description: 'doneOnTime / (doneOnTime + doneLate + openOverdue), 0-1, four decimals; null when that denominator is zero.',
  })
  onTimeRate: number | null;
}

export class AgencyPerformanceDto extends PerformanceCountsDto implements AgencyPerformance {
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty() agencyName: string;
  @ApiProperty({ enum: AGENCY_KINDS }) agencyKind: AgencyKind;
}

export class PerformanceReportDto implements PerformanceReport {
  @ApiProperty({ format: 'date', description: 'First due date counted (inclusive).' }) from: string;
  @ApiProperty({ format: 'date', description: 'Last due date counted (inclusive).' }) to: string;
  @ApiProperty({ format: 'date', description: 'The Europe/London date overdue was judged on.' }) asOf: string;
  @ApiProperty({ type: [AgencyPerformanceDto], description: 'Every agency of the partnership, in name order.' }) agencies: AgencyPerformanceDto[];
  @ApiProperty({ type: PerformanceCountsDto, description: 'The partnership as a whole.' }) totals: PerformanceCountsDto;
}
