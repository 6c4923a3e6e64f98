import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiExtraModels, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { PartnershipErrors } from '@app/domain/partnerships';
import { ProblemCategoriesService, ProblemErrors, ProblemsService, ProblemWorkService } from '@app/domain/problems';
import { StrategyErrors } from '@app/domain/strategy';
import { Changing, IdParam, IfMatch, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource, type EndpointOptions } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import {
  AdvanceProblemDto,
  AnalysisDto,
  CreateProblemCategoryDto,
  CreateProblemDto,
  CreateResponseDto,
  EvaluationDto,
  ProblemCategoryDto,
  ProblemCategoryPageDto,
  ProblemDto,
  ProblemModelViewDto,
  ProblemPageDto,
  ProblemQueryDto,
  ProblemSummaryDto,
  ProblemViewQueryDto,
  ReopenProblemDto,
  ResponseDto,
  StageChangeDto,
  StageChangePageDto,
  UpdateProblemDto,
  UpdateResponseDto,
} from './problem.dto';

const PROBLEM_PARAM = { name: 'problemId', format: 'uuid', description: 'The problem.' };
const RESPONSE_PARAM = { name: 'responseId', format: 'uuid', description: 'A response of the problem.' };
const PROBLEM = resource('problem', PROBLEM_PARAM);
const RESPONSE = resource('response', PROBLEM_PARAM, RESPONSE_PARAM);
const ProblemId = () => IdParam('problemId');
const ResponseId = () => IdParam('responseId');
/** Work on the problem: not once it is closed, only at some stages, If-Match naming its version. */
const AT_STAGE = [ProblemErrors.closedProblemUnchanged, ProblemErrors.notAllowedAtStage, CommonErrors.preconditionFailed] as const;

const READ = { roles: 'any', scopes: ['problems:read'] } as const;
/** Analysts work problems; chairs too (and admins, always). */
const WORK = { roles: ['analyst', 'chair'], scopes: ['problems:write'] } as const;
/** Partners update the responses their agency owns (checked by the domain). */
const RESPONSE_UPDATE = { roles: ['analyst', 'chair', 'partner'], scopes: ['problems:write'] } as const;
/** Reopening is a chair's decision, recorded against a person: no API keys. */
const CHAIR = { roles: ['chair'] } as const;

const PERSONAL =
  "The triangle and the evaluation's notes and lessons can name people: only admins, analysts, chairs and API keys with problems:read read them; others get them as null with personalDataWithheld: true.";

/** Analysts' and chairs' work on the problem (its scanning fields, stage, analysis, evaluation), answered with it. */
const WORK_ON_PROBLEM = { allow: WORK, changes: PROBLEM, ok: ProblemDto } satisfies Partial<EndpointOptions>;

@ApiTags('problems')
@ApiParam(PARTNERSHIP_PARAM)
@ApiExtraModels(ProblemDto, ProblemModelViewDto)
@Controller('partnerships/:partnershipId/problems')
export class ProblemsController {
  constructor(
    private readonly problems: ProblemsService,
    private readonly work: ProblemWorkService,
  ) {}

  @Get()
  @Endpoint({
    allow: READ,
    summary: 'List problems, newest first',
    description: 'Filters combine (AND). Never carries the triangle, the responses or the evaluation.',
    ok: ProblemPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: ProblemQueryDto): Promise<ProblemPageDto> {
    return pageOf(await this.problems.list(partnershipId, query), ProblemSummaryDto.from);
  }

  @Post()
  @Endpoint({
    allow: WORK,
    summary: 'Log a problem (at scanning)',
    description: "The reference (e.g. CDF-P-0042) is the partnership's next number.",
    created: ProblemDto,
    refuses: [ProblemErrors.unknownCategory, StrategyErrors.priorityNotCurrent],
  })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateProblemDto): Promise<ProblemDto> {
    return ProblemDto.from(await this.problems.create(partnershipId, body));
  }

  @Get(':problemId')
  @Endpoint({
    allow: READ,
    summary: "Get a problem, or one model's view of it",
    description: `Every read is audited (problem.read). ${PERSONAL} With ?view= the record is arranged under that model's headings (docs/problem-models.md); the ETag is the record's either way.`,
    reads: PROBLEM,
    ok: { schema: { oneOf: [{ $ref: getSchemaPath(ProblemDto) }, { $ref: getSchemaPath(ProblemModelViewDto) }] } },
  })
  async get(@PartnershipId() partnershipId: string, @ProblemId() id: string, @Query() query: ProblemViewQueryDto): Promise<ProblemDto | ProblemModelViewDto> {
    const result = await this.problems.read(partnershipId, id, query.view);
    return 'sections' in result ? ProblemModelViewDto.from(result) : ProblemDto.from(result);
  }

  @Patch(':problemId')
  @Endpoint({
    ...WORK_ON_PROBLEM,
    summary: 'Change the scanning fields',
    description: 'Only the fields sent change. Not on a closed problem.',
    refuses: [
      ProblemErrors.closedProblemUnchanged,
      CommonErrors.preconditionFailed,
      ProblemErrors.unknownCategory,
      StrategyErrors.priorityNotCurrent,
      ProblemErrors.scanningIncomplete,
      ProblemErrors.plannedAssessmentDateRequired,
    ],
  })
  async update(@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: UpdateProblemDto): Promise<ProblemDto> {
    return ProblemDto.from(await this.problems.update(partnershipId, id, body, expectedVersion));
  }

  @Post(':problemId/advance')
  @Endpoint({
    ...WORK_ON_PROBLEM,
    summary: 'Move the problem one stage forward',
    description:
      'scanning -> analysis -> response -> assessment -> closed. Each stage has needs (422 with a type naming the one missing): analysis needs the scanning fields (`scanning-incomplete`); response an analysis (`analysis-required`) with a triangle side (`triangle-side-required`) and a baseline (`baseline-required`); assessment a response that is not cancelled (`response-required`) and a planned assessment date (`planned-assessment-date-required`); closed an evaluation (`evaluation-required`) covering every response that is not cancelled (`process-evaluation-incomplete`).',
    refuses: [
      ProblemErrors.stageTransitionNotAllowed,
      ProblemErrors.closedProblemUnchanged,
      CommonErrors.preconditionFailed,
      ProblemErrors.scanningIncomplete,
      ProblemErrors.analysisRequired,
      ProblemErrors.triangleSideRequired,
      ProblemErrors.baselineRequired,
      ProblemErrors.responseRequired,
      ProblemErrors.plannedAssessmentDateRequired,
      ProblemErrors.evaluationRequired,
      ProblemErrors.processEvaluationIncomplete,
    ],
  })
  async advance(@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: AdvanceProblemDto): Promise<ProblemDto> {
    return ProblemDto.from(await this.problems.advance(partnershipId, id, body.to, expectedVersion));
  }

  @Post(':problemId/reopen')
  @Endpoint({
    allow: CHAIR,
    summary: 'Reopen a closed problem to response (chairs)',
    description: 'With a reason, kept in the stage history. The evaluation is kept but set aside (current: false): closing again needs a new one.',
    changes: PROBLEM,
    ok: ProblemDto,
    refuses: [ProblemErrors.problemNotClosed, CommonErrors.preconditionFailed],
  })
  async reopen(@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: ReopenProblemDto): Promise<ProblemDto> {
    return ProblemDto.from(await this.problems.reopen(partnershipId, id, body.reason, expectedVersion));
  }

  @Get(':problemId/history')
  @Endpoint({ allow: READ, summary: 'The stage history: who moved it where, when (oldest first)', params: [PROBLEM_PARAM], ok: StageChangePageDto })
  async history(@PartnershipId() partnershipId: string, @ProblemId() id: string, @Query() query: PageQueryDto): Promise<StageChangePageDto> {
    return pageOf(await this.problems.history(partnershipId, id, query), StageChangeDto.from);
  }

  @Put(':problemId/analysis')
  @Endpoint({
    ...WORK_ON_PROBLEM,
    summary: 'Record the analysis (replaces it)',
    description: `The Problem Analysis Triangle, repeat patterns and the baseline; from analysis to assessment. ${PERSONAL}`,
    refuses: [...AT_STAGE, ProblemErrors.countedMeasureNeedsLocationCodes, ProblemErrors.countedMeasureUnavailable],
  })
  async putAnalysis(@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: AnalysisDto): Promise<ProblemDto> {
    return ProblemDto.from(await this.work.putAnalysis(partnershipId, id, body, expectedVersion));
  }

  @Put(':problemId/evaluation')
  @Endpoint({
    ...WORK_ON_PROBLEM,
    summary: 'Record the evaluation (replaces it)',
    description: `At assessment. When the baseline and the impact count the same measure the record shows the change (absolute and percentage). ${PERSONAL}`,
    refuses: [
      ...AT_STAGE,
      ProblemErrors.processUnknownResponse,
      ProblemErrors.duplicateProcessEntry,
      ProblemErrors.baselineNotCounted,
      ProblemErrors.countedMeasureMismatch,
      ProblemErrors.countedPeriodMismatch,
      ProblemErrors.countedMeasureNeedsLocationCodes,
      ProblemErrors.countedMeasureUnavailable,
    ],
  })
  async putEvaluation(@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: EvaluationDto): Promise<ProblemDto> {
    return ProblemDto.from(await this.work.putEvaluation(partnershipId, id, body, expectedVersion));
  }

  @Post(':problemId/responses')
  @Endpoint({
    allow: WORK,
    summary: 'Add a response (at the response stage)',
    description: "The answer's ETag is the response's; If-Match, if sent, names the problem.",
    changes: PROBLEM,
    created: ResponseDto,
    refuses: [...AT_STAGE, PartnershipErrors.agencyNotInPartnership],
  })
  async addResponse(@Changing('problemId') { partnershipId, id, expectedVersion }: ChangeTarget, @Body() body: CreateResponseDto): Promise<ResponseDto> {
    const response = await this.work.addResponse(partnershipId, id, body, expectedVersion);
    return ResponseDto.from(response);
  }

  @Patch(':problemId/responses/:responseId')
  @Endpoint({
    allow: RESPONSE_UPDATE,
    summary: 'Change a response',
    description:
      "Only the fields sent change; at response or assessment. A partner changes only their own agency's responses, and cannot hand one to another agency (403).",
    changes: RESPONSE,
    ok: ResponseDto,
    refuses: [...AT_STAGE, PartnershipErrors.agencyNotInPartnership],
  })
  async updateResponse(
    @PartnershipId() partnershipId: string,
    @ProblemId() id: string,
    @ResponseId() responseId: string,
    @IfMatch('responseId') expectedVersion: number | undefined,
    @Body() body: UpdateResponseDto,
  ): Promise<ResponseDto> {
    const response = await this.work.updateResponse(partnershipId, id, responseId, body, expectedVersion);
    return ResponseDto.from(response);
  }
}

@ApiTags('problems')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/problem-categories')
export class ProblemCategoriesController {
  constructor(private readonly categories: ProblemCategoriesService) {}

  @Get()
  @Endpoint({ allow: READ, summary: "The partnership's problem categories (the seeded ones first)", ok: ProblemCategoryPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: PageQueryDto): Promise<ProblemCategoryPageDto> {
    return pageOf(await this.categories.list(partnershipId, query), ProblemCategoryDto.from);
  }

  @Post()
  @Endpoint({ allow: {}, summary: 'Add a category (admins)', created: ProblemCategoryDto, refuses: [ProblemErrors.categoryExists] })
  async create(@PartnershipId() partnershipId: string, @Body() body: CreateProblemCategoryDto): Promise<ProblemCategoryDto> {
    return ProblemCategoryDto.from(await this.categories.create(partnershipId, body));
  }
}
