import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiForbiddenResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { AssessmentErrors } from '@app/domain/assessments';
import { CommunityErrors, CommunityFiguresService, IntelligenceRequirementService, IntelligenceService } from '@app/domain/community';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemErrors } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { pageOf } from '../common/page';
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
  @Endpoint({
    allow: INTELLIGENCE_READ,
    summary: 'List community intelligence you may read, newest first',
    description: `${HANDLING} Filters combine (AND).`,
    ok: IntelligencePageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: IntelligenceQueryDto): Promise<IntelligencePageDto> {
    return pageOf(await this.intelligence.list(partnershipId, { ...query, areaCode: query.area }), IntelligenceItemDto.from);
  }

  @Post()
  @Endpoint({
    allow: INTELLIGENCE_RECORD,
    summary: 'Record an item of community intelligence, graded 3x5x2 (analysts; API keys with intelligence:write, P-coded only)',
    description:
      'Grades outside the scheme: 400. A C code without conditions: 422 handling-conditions-required. A C code from an API key: 403 (a key could never read the item back). Nothing of it goes to webhooks.',
    created: IntelligenceItemDto,
    refuses: [
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
    ],
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateIntelligenceDto): Promise<IntelligenceItemDto> {
    return IntelligenceItemDto.from(await this.intelligence.create(partnershipId, body));
  }

  @Get(':itemId')
  @Endpoint({
    allow: INTELLIGENCE_READ,
    summary: 'Get an item of community intelligence',
    description: HANDLING,
    params: [{ name: 'itemId', format: 'uuid' }],
    ok: IntelligenceItemDto,
    notFound: 'No such item, or none you may read.',
  })
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
  @Endpoint({
    allow: INTELLIGENCE_CUSTODIANS,
    summary: "List intelligence sources (the partnership's admins and analysts only)",
    description: 'Holds who the sources are. Every read is audited.',
    ok: IntelligenceSourcePageDto,
  })
  @ApiForbiddenResponse({ description: 'Not an admin or analyst of the partnership (platform admins included).' })
  async list(@PartnershipId() partnershipId: string, @Query() query: IntelligenceSourceQueryDto): Promise<IntelligenceSourcePageDto> {
    return pageOf(await this.intelligence.listSources(partnershipId, query), IntelligenceSourceDto.from);
  }

  @Post()
  @Endpoint({
    allow: INTELLIGENCE_CUSTODIANS,
    summary: 'Record an intelligence source (admins and analysts)',
    description: 'Items then name it by its id; its identity never enters an item.',
    created: IntelligenceSourceDto,
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateIntelligenceSourceDto): Promise<IntelligenceSourceDto> {
    return IntelligenceSourceDto.from(await this.intelligence.createSource(partnershipId, body));
  }

  @Get(':sourceId')
  @Endpoint({
    allow: INTELLIGENCE_CUSTODIANS,
    summary: 'Get an intelligence source (admins and analysts)',
    params: [{ name: 'sourceId', format: 'uuid' }],
    ok: IntelligenceSourceDto,
  })
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
  @Endpoint({
    allow: INTELLIGENCE_READ,
    summary: 'The intelligence linked to a problem, as sanitised summaries',
    description: 'Grade, category, area and date of every item linked to the problem; the id only of those you may read (GET .../intelligence/{id}).',
    params: [{ name: 'problemId', format: 'uuid' }],
    ok: IntelligenceSummaryListDto,
  })
  async ofProblem(@PartnershipId() partnershipId: string, @IdParam('problemId') problemId: string): Promise<IntelligenceSummaryListDto> {
    return { items: await this.intelligence.forProblem(partnershipId, problemId) };
  }

  @Get('strategic-assessments/:assessmentId/intelligence-requirement')
  @Endpoint({
    allow: INTELLIGENCE_READ,
    summary: "The assessment's intelligence requirement, with what was received against each item and the gaps",
    description: 'Intelligence items and engagement issues linked by requirementIndex, in the review period; gap: nothing received.',
    params: [{ name: 'assessmentId', format: 'uuid' }],
    ok: IntelligenceRequirementDto,
  })
  async intelligenceRequirement(
    @PartnershipId() partnershipId: string,
    @IdParam('assessmentId', 'strategic assessment') id: string,
  ): Promise<IntelligenceRequirementDto> {
    return this.requirement.view(partnershipId, id);
  }

  @Get('community-figures')
  @Endpoint({
    allow: COMMUNITY_FIGURES_READ,
    summary: 'Figures for the engaged-communities hallmark',
    description: 'Default period: the twelve months to today. Rates over fewer than 5 records say sufficientData: false.',
    ok: CommunityFiguresDto,
    refuses: [CommunityErrors.periodInverted, CommunityErrors.periodTooLong],
  })
  async communityFigures(@PartnershipId() partnershipId: string, @Query() query: CommunityFiguresQueryDto): Promise<CommunityFiguresDto> {
    return this.figures.figures(partnershipId, query);
  }
}
