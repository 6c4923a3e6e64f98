import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { AssessmentErrors } from '@app/domain/assessments';
import { CommunityErrors, CommunityFiguresService, IntelligenceRequirementService, IntelligenceService } from '@app/domain/community';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { COMMUNITY_FIGURES_READ, INTELLIGENCE_CUSTODIANS, INTELLIGENCE_READ, INTELLIGENCE_RECORD } from './community-policies';
import { CommunityFiguresDto, CommunityFiguresQueryDto, IntelligenceRequirementDto } from './community-reports.dto';
import { CreateIntelligenceDto, IntelligenceItemDto, IntelligencePageDto, IntelligenceQueryDto, IntelligenceSummaryListDto } from './intelligence.dto';
import { CreateIntelligenceSourceDto, IntelligenceSourceDto, IntelligenceSourcePageDto, IntelligenceSourceQueryDto } from './intelligence-source.dto';

const HANDLING =
  'A C-coded item is seen only by admins and analysts, the person who recorded it, and members its conditions name (role and/or agency); to everyone else it does not exist (404, absent from lists, uncounted in figures). API keys (intelligence:read) read P-coded items only, never a C-coded one. Every read is audited.';

@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/intelligence')
export class IntelligenceController {
  constructor(private readonly intelligence: IntelligenceService) {}

  @Get()
  @Allow(INTELLIGENCE_READ)
  @ApiOperation({ summary: 'List community intelligence you may read, newest first', description: `${HANDLING} Filters combine (AND).` })
  @ApiOkResponse({ type: IntelligencePageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: IntelligenceQueryDto): Promise<IntelligencePageDto> {
    const page = await this.intelligence.list(partnershipId, { ...query, areaCode: query.area });
    return { items: page.items.map(IntelligenceItemDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow(INTELLIGENCE_RECORD)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record an item of community intelligence, graded 3x5x2 (analysts; API keys with intelligence:write, P-coded only)',
    description:
      'Grades outside the scheme: 400. A C code without conditions: 422 handling-conditions-required. A C code from an API key: 403 (a key could never read the item back). Nothing of it goes to webhooks.',
  })
  @ApiCreatedResponse({ type: IntelligenceItemDto })
  @Refuses(
    CommunityErrors.handlingConditionsRequired,
    CommunityErrors.handlingConditionsNotAllowed,
    ProblemErrors.unknownCategory,
    PartnershipErrors.agencyNotInPartnership,
    CommunityErrors.unknownSource,
    ProblemErrors.unknownProblem,
    StrategyErrors.priorityNotCurrent,
    CommunityErrors.noApprovedAssessment,
    AssessmentErrors.unknownAssessment,
    CommunityErrors.unknownRequirement,
    CommunityErrors.dateInFuture,
  )
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateIntelligenceDto): Promise<IntelligenceItemDto> {
    return IntelligenceItemDto.from(await this.intelligence.create(partnershipId, body));
  }

  @Get(':itemId')
  @Allow(INTELLIGENCE_READ)
  @ApiOperation({ summary: 'Get an item of community intelligence', description: HANDLING })
  @ApiParam({ name: 'itemId', format: 'uuid' })
  @ApiOkResponse({ type: IntelligenceItemDto })
  @ApiNotFoundResponse({ description: 'No such item, or none you may read.' })
  async get(@PartnershipId() partnershipId: string, @IdParam('itemId', 'intelligence item') id: string): Promise<IntelligenceItemDto> {
    return IntelligenceItemDto.from(await this.intelligence.get(partnershipId, id));
  }
}

@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/intelligence-sources')
export class IntelligenceSourcesController {
  constructor(private readonly intelligence: IntelligenceService) {}

  @Get()
  @Allow(INTELLIGENCE_CUSTODIANS)
  @ApiOperation({
    summary: "List intelligence sources (the partnership's admins and analysts only)",
    description: 'Holds who the sources are. Every read is audited.',
  })
  @ApiOkResponse({ type: IntelligenceSourcePageDto })
  @ApiForbiddenResponse({ description: 'Not an admin or analyst of the partnership (platform admins included).' })
  async list(@PartnershipId() partnershipId: string, @Query() query: IntelligenceSourceQueryDto): Promise<IntelligenceSourcePageDto> {
    const page = await this.intelligence.listSources(partnershipId, query);
    return { items: page.items.map(IntelligenceSourceDto.from), nextCursor: page.nextCursor };
  }

  @Post()
  @Allow(INTELLIGENCE_CUSTODIANS)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Record an intelligence source (admins and analysts)',
    description: 'Items then name it by its id; its identity never enters an item.',
  })
  @ApiCreatedResponse({ type: IntelligenceSourceDto })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateIntelligenceSourceDto): Promise<IntelligenceSourceDto> {
    return IntelligenceSourceDto.from(await this.intelligence.createSource(partnershipId, body));
  }

  @Get(':sourceId')
  @Allow(INTELLIGENCE_CUSTODIANS)
  @ApiOperation({ summary: 'Get an intelligence source (admins and analysts)' })
  @ApiParam({ name: 'sourceId', format: 'uuid' })
  @ApiOkResponse({ type: IntelligenceSourceDto })
  async get(@PartnershipId() partnershipId: string, @IdParam('sourceId', 'intelligence source') id: string): Promise<IntelligenceSourceDto> {
    return IntelligenceSourceDto.from(await this.intelligence.getSource(partnershipId, id));
  }
}

/** Community views of other resources: a problem's intelligence, an assessment's requirement, the hallmark figures. */
@ApiTags('community')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId')
export class CommunityViewsController {
  constructor(
    private readonly intelligence: IntelligenceService,
    private readonly requirement: IntelligenceRequirementService,
    private readonly figures: CommunityFiguresService,
  ) {}

  @Get('problems/:problemId/intelligence')
  @Allow(INTELLIGENCE_READ)
  @ApiOperation({
    summary: 'The intelligence linked to a problem, as sanitised summaries',
    description: 'Grade, category, area and date of every item linked to the problem; the id only of those you may read (GET .../intelligence/{id}).',
  })
  @ApiParam({ name: 'problemId', format: 'uuid' })
  @ApiOkResponse({ type: IntelligenceSummaryListDto })
  async ofProblem(@PartnershipId() partnershipId: string, @IdParam('problemId') problemId: string): Promise<IntelligenceSummaryListDto> {
    return { items: await this.intelligence.forProblem(partnershipId, problemId) };
  }

  @Get('strategic-assessments/:assessmentId/intelligence-requirement')
  @Allow(INTELLIGENCE_READ)
  @ApiOperation({
    summary: "The assessment's intelligence requirement, with what was received against each item and the gaps",
    description: 'Intelligence items and engagement issues linked by requirementIndex, in the review period; gap: nothing received.',
  })
  @ApiParam({ name: 'assessmentId', format: 'uuid' })
  @ApiOkResponse({ type: IntelligenceRequirementDto })
  async intelligenceRequirement(
    @PartnershipId() partnershipId: string,
    @IdParam('assessmentId', 'strategic assessment') id: string,
  ): Promise<IntelligenceRequirementDto> {
    return this.requirement.view(partnershipId, id);
  }

  @Get('community-figures')
  @Allow(COMMUNITY_FIGURES_READ)
  @ApiOperation({
    summary: 'Figures for the engaged-communities hallmark',
    description: 'Default period: the twelve months to today. Rates over fewer than 5 records say sufficientData: false.',
  })
  @ApiOkResponse({ type: CommunityFiguresDto })
  @Refuses(CommunityErrors.periodInverted, CommunityErrors.periodTooLong)
  async communityFigures(@PartnershipId() partnershipId: string, @Query() query: CommunityFiguresQueryDto): Promise<CommunityFiguresDto> {
    return this.figures.figures(partnershipId, query);
  }
}
