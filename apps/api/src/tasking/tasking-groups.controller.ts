import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { PartnershipErrors } from '@app/domain/partnerships';
import { MeetingsService, TaskingErrors, TaskingGroupsService } from '@app/domain/tasking';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import {
  CreateTaskingGroupDto,
  MeetingDto,
  MeetingPageDto,
  MeetingQueryDto,
  MeetingSummaryDto,
  ScheduleMeetingDto,
  TaskingGroupDto,
  TaskingGroupPageDto,
  TaskingGroupQueryDto,
  UpdateTaskingGroupDto,
} from './tasking.dto';
import { TASKING_READ } from './tasking-policies';

const GROUP_PARAM = { name: 'groupId', format: 'uuid', description: 'A tasking group.' };
const GROUP = resource('group', GROUP_PARAM);
const GroupId = () => IdParam('groupId', 'tasking group');
/** Naming a deputy chair: a member with the chair (or admin) role, not the chair. */
const DEPUTY = [TaskingErrors.deputyChairNotMember, TaskingErrors.deputyChairRoleRequired, TaskingErrors.deputyChairIsChair] as const;

@ApiTags('tasking')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/tasking-groups')
export class TaskingGroupsController {
  constructor(
    private readonly groups: TaskingGroupsService,
    private readonly meetings: MeetingsService,
  ) {}

  @Get()
  @Endpoint({ allow: TASKING_READ, summary: 'List the tasking groups, by name', ok: TaskingGroupPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: TaskingGroupQueryDto): Promise<TaskingGroupPageDto> {
    return pageOf(await this.groups.list(partnershipId, query), TaskingGroupDto.from);
  }

  @Post()
  @Endpoint({
    allow: { roles: ['chair'] },
    summary: 'Create a tasking group (chairs, admins)',
    description: "A strategic or tactical group, its chair, optionally a deputy chair (who chairs in the chair's absence), and its agencies.",
    created: TaskingGroupDto,
    refuses: [
      TaskingErrors.taskingGroupExists,
      TaskingErrors.chairNotMember,
      TaskingErrors.chairRoleRequired,
      ...DEPUTY,
      PartnershipErrors.agencyNotInPartnership,
    ],
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateTaskingGroupDto): Promise<TaskingGroupDto> {
    const view = await this.groups.create(partnershipId, body);
    return TaskingGroupDto.from(view);
  }

  @Get(':groupId')
  @Endpoint({ allow: TASKING_READ, summary: 'Get a tasking group', reads: GROUP, ok: TaskingGroupDto })
  async get(@PartnershipId() partnershipId: string, @GroupId() id: string): Promise<TaskingGroupDto> {
    const view = await this.groups.get(partnershipId, id);
    return TaskingGroupDto.from(view);
  }

  @Patch(':groupId')
  @Endpoint({
    allow: { roles: ['chair'] },
    summary: 'Change a tasking group (its chair, admins)',
    description:
      'Name, cadence, chair, deputy chair (null clears it), agencies; only the fields sent change. The level does not change. The deputy chair runs meetings but does not change the group (403).',
    changes: GROUP,
    ok: TaskingGroupDto,
    refuses: [
      TaskingErrors.taskingGroupExists,
      CommonErrors.preconditionFailed,
      TaskingErrors.chairNotMember,
      TaskingErrors.chairRoleRequired,
      ...DEPUTY,
      PartnershipErrors.agencyNotInPartnership,
    ],
  })
  async update(
    @Changing('groupId', 'tasking group') { partnershipId, id, expectedVersion }: ChangeTarget,
    @Body() body: UpdateTaskingGroupDto,
  ): Promise<TaskingGroupDto> {
    const view = await this.groups.update(partnershipId, id, body, expectedVersion);
    return TaskingGroupDto.from(view);
  }

  @Get(':groupId/meetings')
  @Endpoint({
    allow: TASKING_READ,
    summary: "List a group's meetings, latest first",
    description: 'Without agendas or minutes: GET .../meetings/{meetingId} for those.',
    reads: GROUP,
    ok: MeetingPageDto,
  })
  async meetingsOf(@PartnershipId() partnershipId: string, @GroupId() id: string, @Query() query: MeetingQueryDto): Promise<MeetingPageDto> {
    return pageOf(await this.meetings.listForGroup(partnershipId, id, query), MeetingSummaryDto.from);
  }

  @Post(':groupId/meetings')
  @Endpoint({
    allow: { roles: ['analyst', 'chair'], scopes: ['tasking:write'] },
    summary: 'Schedule a meeting of the group (analysts, chairs)',
    description: 'The answer carries the agenda as it would be generated now.',
    reads: GROUP,
    created: MeetingDto,
    refuses: [TaskingErrors.meetingDatePassed],
  })
  async schedule(@PartnershipId() partnershipId: string, @GroupId() id: string, @Body() body: ScheduleMeetingDto): Promise<MeetingDto> {
    const view = await this.meetings.schedule(partnershipId, id, new Date(body.scheduledFor));
    return MeetingDto.fromView(view);
  }
}
