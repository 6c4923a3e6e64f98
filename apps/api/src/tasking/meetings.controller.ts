import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { MeetingsService, TASKING_LIMITS, TaskingErrors } from '@app/domain/tasking';
import { ArrayBody } from '../common/array-body.pipe';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource, type EndpointOptions } from '../common/endpoint';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import {
  ActionDetailDto,
  AddendumDto,
  AttendanceEntryDto,
  CreateActionDto,
  CreateAddendumDto,
  CreateDecisionDto,
  DecisionDto,
  MeetingDto,
  MeetingViewQueryDto,
} from './tasking.dto';
import { TASKING_READ, TASKING_RECORD } from './tasking-policies';

const MEETING_PARAM = { name: 'meetingId', format: 'uuid', description: 'A meeting.' };
const MEETING = resource('meeting', MEETING_PARAM);
const MeetingId = () => IdParam('meetingId');
/** Recording the minutes: while the meeting is open, If-Match naming its version. */
const NOT_OPEN = [TaskingErrors.meetingNotOpen, TaskingErrors.meetingClosed, CommonErrors.preconditionFailed] as const;
/** Opening and closing: the group's chair or deputy chair (checked by the domain) or an admin, as a person. */
const CHAIR = { roles: ['chair'] } as const;

/** Opening and closing the meeting, answered with it. */
const RUN_MEETING = { allow: CHAIR, changes: MEETING, ok: MeetingDto } satisfies Partial<EndpointOptions>;
/** Recording the minutes of the open meeting. */
const RECORD_MINUTES = { allow: TASKING_RECORD, changes: MEETING } satisfies Partial<EndpointOptions>;

@ApiTags('tasking')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Get(':meetingId')
  @Endpoint({
    allow: TASKING_READ,
    summary: 'Get a meeting with its agenda and minutes',
    description:
      "The agenda is generated from the partnership's state when read while the meeting is scheduled, and frozen when it opens (agendaFrozen). Sections: overdueActions, actionsDue, problemsForReview, newNominations, priorities, flags; a strategic group's agenda adds strategicReview. Each list section shows its first 25 entries (?agendaLimit= up to 200); truncated names the sections with more, links says where the rest is. See docs/running-a-meeting.md.",
    reads: MEETING,
    ok: MeetingDto,
  })
  async get(@PartnershipId() partnershipId: string, @MeetingId() id: string, @Query() query: MeetingViewQueryDto): Promise<MeetingDto> {
    return MeetingDto.fromView(await this.meetings.get(partnershipId, id), query.agendaLimit);
  }

  @Post(':meetingId/open')
  @Endpoint({
    ...RUN_MEETING,
    summary: "Open the meeting (its group's chair or deputy chair, admins)",
    description: 'Freezes the agenda as generated now.',
    refuses: [TaskingErrors.meetingNotScheduled, TaskingErrors.groupHasOpenMeeting, CommonErrors.preconditionFailed],
  })
  async open(@Changing('meetingId') { partnershipId, id, expectedVersion }: ChangeTarget): Promise<MeetingDto> {
    return MeetingDto.fromView(await this.meetings.open(partnershipId, id, expectedVersion));
  }

  @Put(':meetingId/attendance')
  @Endpoint({
    ...RECORD_MINUTES,
    summary: 'Record the attendance (replaces it)',
    description: 'One entry per agency of the partnership; while the meeting is open.',
    body: { type: AttendanceEntryDto, isArray: true },
    ok: MeetingDto,
    refuses: [...NOT_OPEN, PartnershipErrors.agencyNotInPartnership],
  })
  async attendance(
    @Changing('meetingId') { partnershipId, id, expectedVersion }: ChangeTarget,
    @Body(ArrayBody(AttendanceEntryDto, { maxItems: TASKING_LIMITS.attendance })) body: AttendanceEntryDto[],
  ): Promise<MeetingDto> {
    return MeetingDto.fromView(await this.meetings.putAttendance(partnershipId, id, body, expectedVersion));
  }

  @Post(':meetingId/decisions')
  @Endpoint({
    ...RECORD_MINUTES,
    summary: 'Record a decision',
    description: 'While the meeting is open; optionally linked to a problem or a control strategy priority.',
    created: DecisionDto,
    refuses: [...NOT_OPEN, ProblemErrors.unknownProblem, StrategyErrors.priorityNotCurrent],
  })
  async decision(@Changing('meetingId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: CreateDecisionDto): Promise<DecisionDto> {
    return DecisionDto.from(await this.meetings.addDecision(partnershipId, id, body, expectedVersion));
  }

  @Post(':meetingId/actions')
  @Endpoint({
    ...RECORD_MINUTES,
    summary: 'Allocate an action in the meeting',
    description: "While the meeting is open. The answer's ETag is the action's; If-Match, if sent, names the meeting.",
    created: ActionDetailDto,
    refuses: [
      ...NOT_OPEN,
      PartnershipErrors.agencyNotInPartnership,
      TaskingErrors.dueDateInPast,
      ProblemErrors.unknownProblem,
      StrategyErrors.priorityNotCurrent,
    ],
  })
  async action(@Changing('meetingId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: CreateActionDto): Promise<ActionDetailDto> {
    const action = await this.meetings.addAction(partnershipId, id, body, expectedVersion);
    return ActionDetailDto.fromDetail(action);
  }

  @Post(':meetingId/close')
  @Endpoint({
    ...RUN_MEETING,
    summary: "Close the meeting (its group's chair or deputy chair, admins)",
    description:
      'Freezes the minutes: attendance, decisions and the actions made in it refuse changes (only their status moves, through PATCH .../actions/{id}); corrections are addenda. Emits meeting.closed.',
    refuses: [...NOT_OPEN],
  })
  async close(@Changing('meetingId') { partnershipId, id, expectedVersion }: ChangeTarget): Promise<MeetingDto> {
    return MeetingDto.fromView(await this.meetings.close(partnershipId, id, expectedVersion));
  }

  @Post(':meetingId/addenda')
  @Endpoint({
    allow: { roles: ['analyst', 'chair'] },
    summary: "Add a dated addendum to a closed meeting's minutes",
    description: 'The only addition a closed meeting takes; recorded against the person who writes it (no API keys).',
    changes: MEETING,
    created: AddendumDto,
    refuses: [TaskingErrors.meetingNotClosed, CommonErrors.preconditionFailed],
  })
  async addendum(@Changing('meetingId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: CreateAddendumDto): Promise<AddendumDto> {
    return AddendumDto.from(await this.meetings.addAddendum(partnershipId, id, body.text, expectedVersion));
  }
}
