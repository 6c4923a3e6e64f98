import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { PartnershipErrors } from '@app/domain/partnerships';
import { MeetingsService, TaskingErrors, TaskingGroupsService } from '@app/domain/tasking';
import { ApiIfMatch } from '../common/etag';
import { IdParam, IfMatch, PartnershipId } from '../common/edge';
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
  @Allow(TASKING_READ)
  @ApiOperation({ summary: 'List the tasking groups, by name' })
  @ApiOkResponse({ type: TaskingGroupPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: TaskingGroupQueryDto): Promise<TaskingGroupPageDto> {
    const page = await this.groups.list(partnershipId, query);
    return { items: page.items.map(TaskingGroupDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow({ roles: ['chair'] })
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create a tasking group (chairs, admins)',
    description: "A strategic or tactical group, its chair, optionally a deputy chair (who chairs in the chair's absence), and its agencies.",
  })
  @ApiCreatedResponse({ type: TaskingGroupDto })
  @Refuses(TaskingErrors.taskingGroupExists, TaskingErrors.chairNotMember, TaskingErrors.chairRoleRequired, ...DEPUTY, PartnershipErrors.agencyNotInPartnership)
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateTaskingGroupDto): Promise<TaskingGroupDto> {
    const view = await this.groups.create(partnershipId, body);
    return TaskingGroupDto.from(view);
  }

  @Get(':groupId')
  @Allow(TASKING_READ)
  @ApiOperation({ summary: 'Get a tasking group' })
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: TaskingGroupDto })
  @ApiNotFoundResponse({ description: 'No such group in this partnership.' })
  async get(@PartnershipId() partnershipId: string, @GroupId() id: string): Promise<TaskingGroupDto> {
    const view = await this.groups.get(partnershipId, id);
    return TaskingGroupDto.from(view);
  }

  @Patch(':groupId')
  @Allow({ roles: ['chair'] })
  @ApiOperation({
    summary: 'Change a tasking group (its chair, admins)',
    description:
      'Name, cadence, chair, deputy chair (null clears it), agencies; only the fields sent change. The level does not change. The deputy chair runs meetings but does not change the group (403).',
  })
  @ApiParam(GROUP_PARAM)
  @ApiIfMatch('group')
  @ApiOkResponse({ type: TaskingGroupDto })
  @Refuses(
    TaskingErrors.taskingGroupExists,
    CommonErrors.preconditionFailed,
    TaskingErrors.chairNotMember,
    TaskingErrors.chairRoleRequired,
    ...DEPUTY,
    PartnershipErrors.agencyNotInPartnership,
  )
  async update(
    @PartnershipId() partnershipId: string,
    @GroupId() id: string,
    @IfMatch('groupId') expectedVersion: number | undefined,
    @Body() body: UpdateTaskingGroupDto,
  ): Promise<TaskingGroupDto> {
    const view = await this.groups.update(partnershipId, id, body, expectedVersion);
    return TaskingGroupDto.from(view);
  }

  @Get(':groupId/meetings')
  @Allow(TASKING_READ)
  @ApiOperation({ summary: "List a group's meetings, latest first", description: 'Without agendas or minutes: GET .../meetings/{meetingId} for those.' })
  @ApiParam(GROUP_PARAM)
  @ApiOkResponse({ type: MeetingPageDto })
  @ApiNotFoundResponse({ description: 'No such group in this partnership.' })
  async meetingsOf(@PartnershipId() partnershipId: string, @GroupId() id: string, @Query() query: MeetingQueryDto): Promise<MeetingPageDto> {
    const page = await this.meetings.listForGroup(partnershipId, id, query);
    return { items: page.items.map(MeetingSummaryDto.from), nextCursor: page.nextCursor };
  }

  @Post(':groupId/meetings')
  @Allow({ roles: ['analyst', 'chair'], scopes: ['tasking:write'] })
  @HttpCode(201)
  @ApiOperation({ summary: 'Schedule a meeting of the group (analysts, chairs)', description: 'The answer carries the agenda as it would be generated now.' })
  @ApiParam(GROUP_PARAM)
  @ApiCreatedResponse({ type: MeetingDto })
  @ApiNotFoundResponse({ description: 'No such group in this partnership.' })
  @Refuses(TaskingErrors.meetingDatePassed)
  async schedule(@PartnershipId() partnershipId: string, @GroupId() id: string, @Body() body: ScheduleMeetingDto): Promise<MeetingDto> {
    const view = await this.meetings.schedule(partnershipId, id, new Date(body.scheduledFor));
    return MeetingDto.fromView(view);
  }
}
