import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { AssessmentErrors } from '@app/domain/assessments';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ControlStrategiesService, StrategyErrors } from '@app/domain/strategy';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { ControlStrategyDto, ControlStrategyPageDto, ControlStrategyQueryDto, CreateControlStrategyDto } from './control-strategy.dto';

const STRATEGY_PARAM = { name: 'controlStrategyId', format: 'uuid', description: 'A control strategy version.' };
const STRATEGY_VERSION = resource('version', STRATEGY_PARAM);

/** Every member reads the control strategy; API keys with assessments:read. */
const READ = { roles: 'any', scopes: ['assessments:read'] } as const;

@ApiTags('control strategies')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/control-strategies')
export class ControlStrategiesController {
  constructor(private readonly strategies: ControlStrategiesService) {}

  @Get()
  @Endpoint({ allow: READ, summary: 'List the control strategy versions, newest first', ok: ControlStrategyPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: ControlStrategyQueryDto): Promise<ControlStrategyPageDto> {
    return pageOf(await this.strategies.list(partnershipId, query), ControlStrategyDto.from);
  }

  @Post()
  @Endpoint({
    allow: { roles: ['analyst'], scopes: ['assessments:write'] },
    summary: 'Draft a new version from the approved assessment (analysts)',
    description:
      'Creates version n+1 as a draft. Rules (422): unknown-assessment, assessment-not-approved, priority-not-in-assessment, duplicate-priority, unknown-strand, agency-not-in-partnership, unknown-control-strategy-priority.',
    created: ControlStrategyDto,
    refuses: [
      AssessmentErrors.unknownAssessment,
      AssessmentErrors.assessmentNotApprovedForStrategy,
      StrategyErrors.priorityNotInAssessment,
      StrategyErrors.duplicatePriority,
      StrategyErrors.unknownStrand,
      PartnershipErrors.agencyNotInPartnership,
      StrategyErrors.unknownControlStrategyPriority,
    ],
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateControlStrategyDto): Promise<ControlStrategyDto> {
    const view = await this.strategies.create(partnershipId, body);
    return ControlStrategyDto.from(view);
  }

  @Get('current')
  @Endpoint({
    allow: READ,
    summary: 'The current (published) control strategy, with staleAssessment',
    ok: ControlStrategyDto,
    notFound: 'No control strategy has been published.',
  })
  async current(@PartnershipId() partnershipId: string): Promise<ControlStrategyDto> {
    const view = await this.strategies.current(partnershipId);
    return ControlStrategyDto.from(view);
  }

  @Get(':controlStrategyId')
  @Endpoint({
    allow: READ,
    summary: 'Get a control strategy version',
    reads: STRATEGY_VERSION,
    ok: ControlStrategyDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('controlStrategyId') id: string): Promise<ControlStrategyDto> {
    const view = await this.strategies.get(partnershipId, id);
    return ControlStrategyDto.from(view);
  }

  @Post(':controlStrategyId/publish')
  @Endpoint({
    allow: { roles: ['chair'] },
    summary: 'Publish a draft as the current control strategy (chairs)',
    description:
      "Supersedes the current version in the same transaction (one current per partnership). Refused (422) while the assessment's review is overdue (`type` ends with assessment-review-overdue), when the assessment was superseded (assessment-superseded) or a review removed one of its priorities (priority-removed-from-assessment). Writes the control_strategy.published event.",
    changes: STRATEGY_VERSION,
    ok: ControlStrategyDto,
    refuses: [
      StrategyErrors.controlStrategyNotDraft,
      StrategyErrors.assessmentReviewOverdue,
      StrategyErrors.assessmentSuperseded,
      StrategyErrors.priorityRemovedFromAssessment,
      CommonErrors.preconditionFailed,
    ],
  })
  async publish(@Changing('controlStrategyId') { partnershipId, id, expectedVersion }: ChangeTarget): Promise<ControlStrategyDto> {
    const view = await this.strategies.publish(partnershipId, id, expectedVersion);
    return ControlStrategyDto.from(view);
  }
}
