import type { Schemas } from '@app/api-client';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  DISPLACEMENT_KINDS as DISPLACEMENTS,
  IMPACT_RESULTS as RESULTS,
  PROBLEM_SOURCES as SOURCES,
  PROBLEM_STAGES as STAGES,
  RESPONSE_TYPES,
  TRIANGLE_ROLES as ROLES,
} from '@app/domain/problems/problem.constants';
import { choice, dateField, dateParts, FormErrors, list, numberField, oneOf, required, text, type FormBody } from './forms';
import { partnershipContext, type PartnershipContext } from './partnership-context';
import { nextPageQuery } from './paging';
import { PageError, Web, type WebRequest } from './web';

/** The other problem-solving models the API arranges a record under (`?view=`); the record itself is SARA. */
export const MODELS = ['osara', 'proctor', 'capra', '5is'] as const;
type Model = (typeof MODELS)[number];

type Stage = (typeof STAGES)[number];
const nextOf = (stage: Stage): Stage | null => STAGES[STAGES.indexOf(stage) + 1] ?? null;

/** Plain-language guidance for a stage-need refusal (the API's 422 types). */
function guidance(ctx: PartnershipContext, problem: { type: string; missing?: unknown } | null): string {
  const slug = (problem?.type ?? '').split('/').pop() ?? '';
  const key = `need.${slug}`;
  const text = ctx.i18n.t(key, {
    missing: Array.isArray(problem?.missing) ? (problem.missing as string[]).map((m) => ctx.i18n.t(`field.${m}`)).join(', ') : '',
  });
  return text.startsWith('[missing:') ? ctx.i18n.t('need.generic') : text;
}

type ProblemRecord = {
  title: string;
  description: string | null;
  category: string;
  source: string;
  locations: unknown[];
  analysis: { triangle: Record<string, string | null> | null; sidesAnalysed: string[]; baseline: unknown } | null;
  responses: { id: string; status: string }[];
  plannedAssessmentDate: string | null;
  evaluation: { current: boolean; process: { responseId: string }[] } | null;
};

/** What the record still lacks for the next stage, as catalogue keys (the same rules the API enforces on advance). */
export function needsFor(p: ProblemRecord, next: Stage | null): { key: string; params?: Record<string, string> }[] {
  switch (next) {
    case 'analysis': {
      const missing = (['title', 'description', 'category', 'source'] as const).filter((f) => !p[f]);
      if (!p.locations.length) missing.push('locations' as never);
      return missing.length ? [{ key: 'need.scanning-incomplete', params: { missing: missing.join(',') } }] : [];
    }
    case 'response': {
      if (!p.analysis) return [{ key: 'need.analysis-required' }];
      const out = [];
      if (!p.analysis.sidesAnalysed.length) out.push({ key: 'need.triangle-side-required' });
      if (!p.analysis.baseline) out.push({ key: 'need.baseline-required' });
      return out;
    }
    case 'assessment': {
      const out = [];
      if (!p.responses.some((r) => r.status !== 'cancelled')) out.push({ key: 'need.response-required' });
      if (!p.plannedAssessmentDate) out.push({ key: 'need.planned-assessment-date-required' });
      return out;
    }
    case 'closed': {
      if (!p.evaluation?.current) return [{ key: 'need.evaluation-required' }];
      const covered = new Set(p.evaluation.process.map((e) => e.responseId));
      return p.responses.some((r) => r.status !== 'cancelled' && !covered.has(r.id)) ? [{ key: 'need.process-evaluation-incomplete' }] : [];
    }
    default:
      return [];
  }
}

/** Problems: the list, logging one, the record with its SARA stepper, and the forms of each stage. */
@Controller('p/:code/problems')
export class ProblemsController {
  constructor(private readonly web: Web) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Query() query: Record<string, string>) {
    const ctx = await partnershipContext(this.web, req, code);
    const filters = {
      stage: oneOf(STAGES, query.stage),
      category: query.category || undefined,
      source: oneOf(SOURCES, query.source),
      locationCode: query.locationCode || undefined,
      unevaluated: query.unevaluated === 'true' ? true : undefined,
      q: query.q || undefined,
      cursor: query.cursor || undefined,
    };
    const [page, categories] = await Promise.all([
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/problems', { params: { path: ctx.path, query: { ...filters, limit: 25 } } })
        .then((r) => this.web.ok(r)),
      this.categories(ctx),
    ]);
    const next = nextPageQuery(filters, page.nextCursor);
    return this.web.render(req, reply, 'problems/list', { ctx, section: 'nav.problems', page, filters, categories, stages: STAGES, sources: SOURCES, next });
  }

  private async categories(ctx: PartnershipContext) {
    return this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}/problem-categories', { params: { path: ctx.path, query: { limit: 100 } } }))
      .items;
  }

  @Get('new')
  async newForm(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.web.render(req, reply, 'problems/new', { ctx, section: 'nav.problems', values: {}, categories: await this.categories(ctx), sources: SOURCES });
  }

  @Post('new')
  async create(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const title = required(body, 'title', errors, i18n, 'field.title');
    const description = required(body, 'description', errors, i18n, 'field.description');
    const category = required(body, 'category', errors, i18n, 'field.category');
    const source = choice(body, 'source', SOURCES, errors, i18n, 'field.source');
    const label = required(body, 'location', errors, i18n, 'field.locations');
    const locationCode = text(body, 'locationCode');
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/problems', {
        params: { path: ctx.path },
        body: { title, description, category, source: source!, locations: [{ label, code: locationCode || undefined }] },
      });
      if (result.data) {
        await this.web.flash(req, 'problems.logged', { reference: result.data.reference });
        return this.web.redirect(reply, `${ctx.base}/problems/${result.data.id}`);
      }
      this.formFailure(result, errors, ctx, { title: 'title', description: 'description', category: 'category', source: 'source', locations: 'location' });
    }
    return this.web.render(
      req,
      reply,
      'problems/new',
      { ctx, section: 'nav.problems', values: body, errors, categories: await this.categories(ctx), sources: SOURCES },
      400,
    );
  }

  /** Maps an API refusal of a form onto its fields; anything else is thrown to the error pages. */
  private formFailure(result: { error?: unknown; response: Response }, errors: FormErrors, ctx: PartnershipContext, fields: Record<string, string>): void {
    this.web.okUnlessInvalid(result);
    const problem = result.error as { errors?: { path: string }[]; detail?: string; type?: string } | undefined;
    for (const e of problem?.errors ?? []) {
      const [top = ''] = e.path.split(/[.[]/);
      const field = fields[top];
      if (field)
        errors.add(field, ctx.i18n.t('error.invalid', { field: ctx.i18n.t(`field.${top}`).startsWith('[missing') ? top : ctx.i18n.t(`field.${top}`) }));
    }
    if (errors.any) return;
    const [first] = Object.values(fields);
    if (first === undefined) throw new Error('A refused form names at least one field');
    errors.add(first, problem?.detail ?? ctx.i18n.t('need.generic'));
  }

  /** The record (never a model view: no `view` asked). */
  private async problem(ctx: PartnershipContext, id: string): Promise<Schemas['ProblemDto']> {
    const r = await ctx.api.GET('/api/v1/partnerships/{partnershipId}/problems/{problemId}', { params: { path: { ...ctx.path, problemId: id } } });
    return this.web.ok(r) as Schemas['ProblemDto'];
  }

  @Get(':id')
  async record(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.showRecord(req, reply, ctx, id);
  }

  /** The record read under another model's headings, as the API arranges it. */
  @Get(':id/models/:model')
  async modelView(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string, @Param('model') model: string) {
    if (!(MODELS as readonly string[]).includes(model)) throw new PageError(404);
    const ctx = await partnershipContext(this.web, req, code);
    const [view, agencies, categories] = await Promise.all([
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/problems/{problemId}', { params: { path: { ...ctx.path, problemId: id }, query: { view: model as Model } } })
        .then((r) => this.web.ok(r) as Schemas['ProblemModelViewDto']),
      ctx.agencies(),
      this.categories(ctx),
    ]);
    const agencyNames = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
    const categoryNames = Object.fromEntries(categories.map((c) => [c.slug, c.name]));
    return this.web.render(req, reply, 'problems/model', { ctx, section: 'nav.problems', view, models: MODELS, agencyNames, categoryNames });
  }

  private async showRecord(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const path = { ...ctx.path, problemId: id };
    const [problem, history] = await Promise.all([
      this.problem(ctx, id),
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/problems/{problemId}/history', { params: { path, query: { limit: 100 } } }).then((r) => this.web.ok(r)),
    ]);
    const stage = problem.stage as Stage;
    const next = nextOf(stage);
    const [agencies, categories] = await Promise.all([ctx.agencies(), this.categories(ctx)]);
    const categoryName = categories.find((c) => c.slug === problem.category)?.name ?? problem.category;
    const planned = problem.plannedAssessmentDate?.split('-') ?? [];
    const plannedValues = {
      'plannedAssessmentDate-day': planned[2] ?? '',
      'plannedAssessmentDate-month': planned[1] ?? '',
      'plannedAssessmentDate-year': planned[0] ?? '',
    };
    const agencyNames = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
    const needs = needsFor(problem as unknown as ProblemRecord, next).map((n) => ({
      key: n.key,
      params: n.params?.missing
        ? {
            missing: n.params.missing
              .split(',')
              .map((m) => ctx.i18n.t(`field.${m}`))
              .join(', '),
          }
        : n.params,
    }));
    return this.web.render(
      req,
      reply,
      'problems/record',
      {
        ctx,
        section: 'nav.problems',
        models: MODELS,
        problem,
        history: history.items,
        stages: STAGES,
        stageIndex: STAGES.indexOf(stage),
        next,
        needs,
        agencies,
        agencyNames,
        categoryName,
        responseTypes: RESPONSE_TYPES,
        dates: this.dates(plannedValues),
        ...extra,
      },
      status,
    );
  }

  @Post(':id/advance')
  async advance(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const to = text((req.body ?? {}) as FormBody, 'to');
    if (!(STAGES as readonly string[]).includes(to)) return this.showRecord(req, reply, ctx, id, {}, 400);
    const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/problems/{problemId}/advance', {
      params: { path: { ...ctx.path, problemId: id } },
      body: { to: to as Stage },
    });
    if (result.response.ok) {
      await this.web.flash(req, 'record.moved', { stage: ctx.i18n.t(`stage.${to}`) });
      return this.web.redirect(reply, `${ctx.base}/problems/${id}`);
    }
    if (result.response.status !== 422) this.web.ok(result);
    const errors = new FormErrors().add('advance', guidance(ctx, result.error as unknown as { type: string }));
    return this.showRecord(req, reply, ctx, id, { errors }, 422);
  }

  @Post(':id/planned-date')
  async plannedDate(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const errors = new FormErrors();
    const date = dateField((req.body ?? {}) as FormBody, 'plannedAssessmentDate', errors, ctx.i18n, 'problems.plannedAssessment');
    if (errors.any) return this.showRecord(req, reply, ctx, id, { errors }, 400);
    this.web.ok(
      await ctx.api.PATCH('/api/v1/partnerships/{partnershipId}/problems/{problemId}', {
        params: { path: { ...ctx.path, problemId: id } },
        body: { plannedAssessmentDate: date },
      }),
    );
    await this.web.flash(req, 'record.saved');
    return this.web.redirect(reply, `${ctx.base}/problems/${id}`);
  }

  @Get(':id/analysis')
  async analysisForm(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const problem = await this.problem(ctx, id);
    const a = problem.analysis;
    const values: Record<string, string> = {};
    for (const role of ROLES) values[role] = a?.triangle?.[role] ?? '';
    if (a?.baseline) {
      const [sy, sm, sd] = a.baseline.periodStart.split('-');
      const [ey, em, ed] = a.baseline.periodEnd.split('-');
      Object.assign(values, {
        measure: a.baseline.measure,
        value: String(a.baseline.value),
        'periodStart-day': sd,
        'periodStart-month': sm,
        'periodStart-year': sy,
        'periodEnd-day': ed,
        'periodEnd-month': em,
        'periodEnd-year': ey,
      });
    }
    return this.web.render(req, reply, 'problems/analysis', { ctx, section: 'nav.problems', problem, values, roles: ROLES, dates: this.dates(values) });
  }

  private dates(values: FormBody) {
    return {
      periodStart: dateParts(values, 'periodStart'),
      periodEnd: dateParts(values, 'periodEnd'),
      impactStart: dateParts(values, 'impactStart'),
      impactEnd: dateParts(values, 'impactEnd'),
      startDate: dateParts(values, 'startDate'),
      plannedAssessmentDate: dateParts(values, 'plannedAssessmentDate'),
    };
  }

  @Post(':id/analysis')
  async saveAnalysis(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const triangle = Object.fromEntries(ROLES.map((r) => [r, text(body, r) || null])) as Record<(typeof ROLES)[number], string | null>;
    const measure = required(body, 'measure', errors, i18n, 'baseline.measure');
    const periodStart = dateField(body, 'periodStart', errors, i18n, 'baseline.periodStart');
    const periodEnd = dateField(body, 'periodEnd', errors, i18n, 'baseline.periodEnd');
    const value = numberField(body, 'value', errors, i18n, 'baseline.value');
    const path = { ...ctx.path, problemId: id };
    if (!errors.any) {
      const result = await ctx.api.PUT('/api/v1/partnerships/{partnershipId}/problems/{problemId}/analysis', {
        params: { path },
        body: { triangle, baseline: { measure, periodStart: periodStart!, periodEnd: periodEnd!, value: value! } },
      });
      if (result.response.ok) {
        await this.web.flash(req, 'record.saved');
        return this.web.redirect(reply, `${ctx.base}/problems/${id}`);
      }
      this.formFailure(result, errors, ctx, { triangle: 'offender', baseline: 'measure' });
    }
    const problem = await this.problem(ctx, id);
    return this.web.render(
      req,
      reply,
      'problems/analysis',
      { ctx, section: 'nav.problems', problem, values: body, roles: ROLES, errors, dates: this.dates(body) },
      400,
    );
  }

  @Post(':id/responses')
  async addResponse(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const description = required(body, 'responseDescription', errors, i18n, 'response.description');
    const type = choice(body, 'responseType', RESPONSE_TYPES, errors, i18n, 'response.type');
    const ownerAgencyId = required(body, 'ownerAgencyId', errors, i18n, 'response.owner');
    const startDate = dateField(body, 'startDate', errors, i18n, 'response.startDate');
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/problems/{problemId}/responses', {
        params: { path: { ...ctx.path, problemId: id } },
        body: { description, type: type!, ownerAgencyId, startDate: startDate!, status: 'planned' },
      });
      if (result.response.ok) {
        await this.web.flash(req, 'record.saved');
        return this.web.redirect(reply, `${ctx.base}/problems/${id}#responses`);
      }
      this.formFailure(result, errors, ctx, {
        description: 'responseDescription',
        type: 'responseType',
        ownerAgencyId: 'ownerAgencyId',
        startDate: 'startDate-day',
      });
    }
    return this.showRecord(req, reply, ctx, id, { errors, values: body, dates: this.dates(body) }, 400);
  }

  @Get(':id/evaluation')
  async evaluationForm(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const problem = await this.problem(ctx, id);
    const values: Record<string, string> = { measure: problem.analysis?.baseline?.measure ?? '' };
    return this.web.render(req, reply, 'problems/evaluation', {
      ctx,
      section: 'nav.problems',
      problem,
      values,
      results: RESULTS,
      displacements: DISPLACEMENTS,
      dates: this.dates(values),
    });
  }

  @Post(':id/evaluation')
  async saveEvaluation(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const path = { ...ctx.path, problemId: id };
    const problem = await this.problem(ctx, id);
    const errors = new FormErrors();
    const process = problem.responses
      .filter((r) => r.status !== 'cancelled')
      .map((r) => ({ responseId: r.id, delivered: choice(body, `delivered-${r.id}`, ['yes', 'no'] as const, errors, i18n, 'evaluation.result') === 'yes' }));
    const measure = required(body, 'measure', errors, i18n, 'baseline.measure');
    const periodStart = dateField(body, 'impactStart', errors, i18n, 'baseline.periodStart');
    const periodEnd = dateField(body, 'impactEnd', errors, i18n, 'baseline.periodEnd');
    const value = numberField(body, 'value', errors, i18n, 'baseline.value');
    const result = choice(body, 'result', RESULTS, errors, i18n, 'evaluation.result');
    const kinds = list(body, 'displacement').filter((k): k is (typeof DISPLACEMENTS)[number] => (DISPLACEMENTS as readonly string[]).includes(k));
    if (!kinds.length) errors.add('displacement', i18n.t('error.choose', { field: i18n.t('evaluation.displacement').toLowerCase() }));
    const lessons = required(body, 'lessons', errors, i18n, 'evaluation.lessons');
    if (!errors.any) {
      const saved = await ctx.api.PUT('/api/v1/partnerships/{partnershipId}/problems/{problemId}/evaluation', {
        params: { path },
        body: {
          process,
          impact: { measure, periodStart: periodStart!, periodEnd: periodEnd!, value: value!, result: result! },
          displacement: { kinds },
          lessons,
        },
      });
      if (saved.response.ok) {
        await this.web.flash(req, 'record.saved');
        return this.web.redirect(reply, `${ctx.base}/problems/${id}`);
      }
      this.formFailure(saved, errors, ctx, { impact: 'measure', displacement: 'displacement', lessons: 'lessons', process: 'measure' });
    }
    return this.web.render(
      req,
      reply,
      'problems/evaluation',
      { ctx, section: 'nav.problems', problem, values: body, errors, results: RESULTS, displacements: DISPLACEMENTS, dates: this.dates(body) },
      400,
    );
  }
}
