import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { ActionsService, AgencyPerformanceService, TaskingErrors } from '@app/domain/tasking';
import { ApiIfMatch } from '../common/etag';
import { IdParam, IfMatch, PartnershipId } from '../common/edge';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import {
  ActionDetailDto,
  ActionDto,
  ActionPageDto,
  ActionQueryDto,
  CreateActionDto,
  PerformanceQueryDto,
  PerformanceReportDto,
  UpdateActionDto,
} from './tasking.dto';
import { TASKING_READ, TASKING_RECORD } from './tasking-policies';

const ACTION_PARAM = { name: 'actionId', format: 'uuid', description: 'An action.' };
const ActionId = () => IdParam('actionId');

@ApiTags('tasking')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get()
  @Allow(TASKING_READ)
  @ApiOperation({ summary: 'List actions, earliest due first', description: 'Filters combine (AND).' })
  @ApiOkResponse({ type: ActionPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: ActionQueryDto): Promise<ActionPageDto> {
    const page = await this.actions.list(partnershipId, query);
    return { items: page.items.map(ActionDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow(TASKING_RECORD)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Allocate an action between meetings (analysts, chairs)',
    description: 'meetingId is null. In a meeting: POST .../meetings/{meetingId}/actions.',
  })
  @ApiCreatedResponse({ type: ActionDetailDto })
  @Refuses(PartnershipErrors.agencyNotInPartnership, TaskingErrors.dueDateInPast, ProblemErrors.unknownProblem, StrategyErrors.priorityNotCurrent)
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateActionDto): Promise<ActionDetailDto> {
    return ActionDetailDto.fromDetail(await this.actions.create(partnershipId, body));
  }

  @Get(':actionId')
  @Allow(TASKING_READ)
  @ApiOperation({ summary: 'Get an action with its status history' })
  @ApiParam(ACTION_PARAM)
  @ApiOkResponse({ type: ActionDetailDto })
  @ApiNotFoundResponse({ description: 'No such action in this partnership.' })
  async get(@PartnershipId() partnershipId: string, @ActionId() id: string): Promise<ActionDetailDto> {
    return ActionDetailDto.fromDetail(await this.actions.get(partnershipId, id));
  }

  @Patch(':actionId')
  @Allow({ roles: ['analyst', 'chair', 'partner'], scopes: ['tasking:write'] })
  @ApiOperation({
    summary: "Update an action's status (and/or add a note)",
    description:
      "The only change an action takes, also after its meeting closed. A partner updates only their own agency's actions (403). Done sets completedAt (reopening clears it) and resolves its action_overdue flag. Emits action.updated.",
  })
  @ApiParam(ACTION_PARAM)
  @ApiIfMatch('action')
  @ApiOkResponse({ type: ActionDetailDto })
  @Refuses(TaskingErrors.actionTransitionNotAllowed, CommonErrors.preconditionFailed)
  async update(
    @PartnershipId() partnershipId: string,
    @ActionId() id: string,
    @IfMatch('actionId') expectedVersion: number | undefined,
    @Body() body: UpdateActionDto,
  ): Promise<ActionDetailDto> {
    return ActionDetailDto.fromDetail(await this.actions.update(partnershipId, id, body, expectedVersion));
  }
}

@ApiTags('tasking')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/agency-performance')
export class AgencyPerformanceController {
  constructor(private readonly performance: AgencyPerformanceService) {}

  @Get()
  @Allow(TASKING_READ)
  @ApiOperation({
    summary: "Each agency's record on its actions, by due date",
    description:
      'For every agency of the partnership, the actions due in the period (default: the last 12 months up to today, Europe/London): done on time (completed on or before the due date), done late, open and overdue, open and not yet due, cancelled (left out of due). onTimeRate = doneOnTime / (doneOnTime + doneLate + openOverdue); null when nothing has reached a verdict.',
  })
  @ApiOkResponse({ type: PerformanceReportDto })
  async report(@PartnershipId() partnershipId: string, @Query() query: PerformanceQueryDto): Promise<PerformanceReportDto> {
    return this.performance.report(partnershipId, query);
  }
}
