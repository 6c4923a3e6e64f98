import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { ActionsService, AgencyPerformanceService, TaskingErrors } from '@app/domain/tasking';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
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
const ACTION = resource('action', ACTION_PARAM);
const ActionId = () => IdParam('actionId');

@ApiTags('tasking')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  @Get()
  @Endpoint({ allow: TASKING_READ, summary: 'List actions, earliest due first', description: 'Filters combine (AND).', ok: ActionPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: ActionQueryDto): Promise<ActionPageDto> {
    return pageOf(await this.actions.list(partnershipId, query), ActionDto.from);
  }

  @Post()
  @Endpoint({
    allow: TASKING_RECORD,
    summary: 'Allocate an action between meetings (analysts, chairs)',
    description: 'meetingId is null. In a meeting: POST .../meetings/{meetingId}/actions.',
    created: ActionDetailDto,
    refuses: [PartnershipErrors.agencyNotInPartnership, TaskingErrors.dueDateInPast, ProblemErrors.unknownProblem, StrategyErrors.priorityNotCurrent],
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateActionDto): Promise<ActionDetailDto> {
    return ActionDetailDto.fromDetail(await this.actions.create(partnershipId, body));
  }

  @Get(':actionId')
  @Endpoint({
    allow: TASKING_READ,
    summary: 'Get an action with its status history',
    reads: ACTION,
    ok: ActionDetailDto,
  })
  async get(@PartnershipId() partnershipId: string, @ActionId() id: string): Promise<ActionDetailDto> {
    return ActionDetailDto.fromDetail(await this.actions.get(partnershipId, id));
  }

  @Patch(':actionId')
  @Endpoint({
    allow: { roles: ['analyst', 'chair', 'partner'], scopes: ['tasking:write'] },
    summary: "Update an action's status (and/or add a note)",
    description:
      "The only change an action takes, also after its meeting closed. A partner updates only their own agency's actions (403). Done sets completedAt (reopening clears it) and resolves its action_overdue flag. Emits action.updated.",
    changes: ACTION,
    ok: ActionDetailDto,
    refuses: [TaskingErrors.actionTransitionNotAllowed, CommonErrors.preconditionFailed],
  })
  async update(@Changing('actionId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: UpdateActionDto): Promise<ActionDetailDto> {
    return ActionDetailDto.fromDetail(await this.actions.update(partnershipId, id, body, expectedVersion));
  }
}

@ApiTags('tasking')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/agency-performance')
export class AgencyPerformanceController {
  constructor(private readonly performance: AgencyPerformanceService) {}

  @Get()
  @Endpoint({
    allow: TASKING_READ,
    summary: "Each agency's record on its actions, by due date",
    description:
      'For every agency of the partnership, the actions due in the period (default: the last 12 months up to today, Europe/London): done on time (completed on or before the due date), done late, open and overdue, open and not yet due, cancelled (left out of due). onTimeRate = doneOnTime / (doneOnTime + doneLate + openOverdue); null when nothing has reached a verdict.',
    ok: PerformanceReportDto,
  })
  async report(@PartnershipId() partnershipId: string, @Query() query: PerformanceQueryDto): Promise<PerformanceReportDto> {
    return this.performance.report(partnershipId, query);
  }
}
