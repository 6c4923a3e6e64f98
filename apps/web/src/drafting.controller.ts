import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Schemas } from '@app/api-client';
import { dateField, dateParts, FormErrors, list, required, selected, text, type FormBody } from './forms';
import { partnershipContext, type PartnershipContext } from './partnership-context';
import { PageError, Web, type WebRequest } from './web';
import { PESTELO, showAssessment } from './governance.controller';

const LEVELS = ['1', '2', '3', '4'] as const;

/** A textarea of one entry a line, as the API's lists. */
export function lines(body: FormBody, name: string): string[] {
  return text(body, name)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A date as the parts of a GOV.UK date input. */
const partsOf = (iso: string | null | undefined) => {
  const [year, month, day] = (iso ?? '').split('-');
  return iso ? { day: String(Number(day)), month: String(Number(month)), year } : { day: '', month: '', year: '' };
};

/**
 * Drafting a strategic assessment (its fields and its priorities) and building a
 * control strategy version on an approved one, then publishing it.
 */
@Controller('p/:code')
export class DraftingController {
  constructor(private readonly web: Web) {}

  private async drafter(req: WebRequest, code: string): Promise<PartnershipContext> {
    const ctx = await partnershipContext(this.web, req, code);
    if (!ctx.can.writeProblems) throw new PageError(403);
    return ctx;
  }

  private assessmentForm(
    req: WebRequest,
    reply: FastifyReply,
    ctx: PartnershipContext,
    assessment: Schemas['StrategicAssessmentDto'] | null,
    values: FormBody,
    errors?: FormErrors,
  ) {
    const dates = errors
      ? { periodStart: dateParts(values, 'periodStart'), periodEnd: dateParts(values, 'periodEnd') }
      : { periodStart: partsOf(assessment?.periodStart), periodEnd: partsOf(assessment?.periodEnd) };
    return this.web.render(
      req,
      reply,
      'governance/assessment-form',
      { ctx, section: 'nav.assessments', assessment, values, dates, pestelo: PESTELO, errors },
      errors ? 400 : 200,
    );
  }

  @Get('assessments/new')
  async newAssessment(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    return this.assessmentForm(req, reply, await this.drafter(req, code), null, {});
  }

  @Get('assessments/:id/edit')
  async editAssessment(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await this.drafter(req, code);
    const a = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}', { params: { path: { ...ctx.path, assessmentId: id } } }),
    );
    if (a.status !== 'draft') throw new PageError(404);
    const pestelo = a.pestelo as Record<string, string | null | undefined>;
    return this.assessmentForm(req, reply, ctx, a, {
      title: a.title,
      ...Object.fromEntries(PESTELO.map((h) => [`pestelo-${h}`, pestelo[h] ?? ''])),
      intelligenceRequirement: a.intelligenceRequirement.join('\n'),
      authors: a.authors.join('\n'),
      dataSources: a.dataSources.join('\n'),
    });
  }

  @Post('assessments/new')
  async createAssessment(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    return this.saveAssessment(req, reply, await this.drafter(req, code), null);
  }

  @Post('assessments/:id/edit')
  async updateAssessment(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    return this.saveAssessment(req, reply, await this.drafter(req, code), id);
  }

  private async saveAssessment(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, id: string | null) {
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const title = required(body, 'title', errors, ctx.i18n, 'field.title');
    const periodStart = dateField(body, 'periodStart', errors, ctx.i18n, 'assessments.periodStart');
    const periodEnd = dateField(body, 'periodEnd', errors, ctx.i18n, 'assessments.periodEnd');
    if (periodStart && periodEnd && periodEnd < periodStart) errors.add('periodEnd-day', ctx.i18n.t('assessments.periodOrder'));
    const fields = {
      title,
      periodStart: periodStart!,
      periodEnd: periodEnd!,
      pestelo: Object.fromEntries(PESTELO.map((h) => [h, text(body, `pestelo-${h}`) || null])),
      intelligenceRequirement: lines(body, 'intelligenceRequirement'),
      authors: lines(body, 'authors'),
      dataSources: lines(body, 'dataSources'),
    };
    if (!errors.any) {
      const result = id
        ? await ctx.api.PATCH('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}', {
            params: { path: { ...ctx.path, assessmentId: id } },
            body: fields,
          })
        : await ctx.api.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments', { params: { path: ctx.path }, body: fields });
      if (result.data) {
        await this.web.flash(req, id ? 'assessments.saved' : 'assessments.created');
        return this.web.redirect(reply, `${ctx.base}/assessments/${result.data.id}`);
      }
      this.web.okUnlessInvalid(result);
      errors.add('title', ctx.i18n.t('assessments.notSaved'));
    }
    return this.assessmentForm(req, reply, ctx, id ? ({ id } as Schemas['StrategicAssessmentDto']) : null, body, errors);
  }

  @Post('assessments/:id/priorities')
  async addPriority(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await this.drafter(req, code);
    const body = (req.body ?? {}) as FormBody;
    const i18n = ctx.i18n;
    const errors = new FormErrors();
    const title = required(body, 'priorityTitle', errors, i18n, 'assessments.priorityTitleName');
    const category = required(body, 'priorityCategory', errors, i18n, 'assessments.categoryName');
    const impact = text(body, 'impact');
    const likelihood = text(body, 'likelihood');
    if (!(LEVELS as readonly string[]).includes(impact)) errors.add('impact', i18n.t('error.choose', { field: i18n.t('assessments.impactName') }));
    if (!(LEVELS as readonly string[]).includes(likelihood)) errors.add('likelihood', i18n.t('error.choose', { field: i18n.t('assessments.likelihoodName') }));
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/priorities', {
        params: { path: { ...ctx.path, assessmentId: id } },
        body: { title, category, impact: Number(impact), likelihood: Number(likelihood), rationale: text(body, 'rationale') || null },
      });
      if (result.response.ok) {
        await this.web.flash(req, 'assessments.priorityAdded');
        return this.web.redirect(reply, `${ctx.base}/assessments/${id}#priorities`);
      }
      this.web.okUnlessInvalid(result);
      errors.add('priorityTitle', i18n.t('assessments.notSaved'));
    }
    return showAssessment(this.web, req, reply, ctx, id, { errors, values: body }, 400);
  }

  @Post('assessments/:id/priorities/:priorityId/remove')
  async removePriority(
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
    @Param('code') code: string,
    @Param('id') id: string,
    @Param('priorityId') priorityId: string,
  ) {
    const ctx = await this.drafter(req, code);
    this.web.ok(
      await ctx.api.DELETE('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/priorities/{priorityId}', {
        params: { path: { ...ctx.path, assessmentId: id, priorityId } },
      }),
    );
    await this.web.flash(req, 'assessments.priorityRemoved');
    return this.web.redirect(reply, `${ctx.base}/assessments/${id}#priorities`);
  }

  private async strategyForm(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, assessmentId: string, values: FormBody, errors?: FormErrors) {
    const [assessment, partnership, agencies] = await Promise.all([
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}', { params: { path: { ...ctx.path, assessmentId } } })
        .then((r) => this.web.ok(r)),
      ctx.api.GET('/api/v1/partnerships/{partnershipId}', { params: { path: ctx.path } }).then((r) => this.web.ok(r)),
      ctx.agencies(),
    ]);
    if (assessment.status !== 'approved') throw new PageError(404);
    const priorities = [...(assessment.priorities as Schemas['AssessmentPriorityDto'][])].sort((a, b) => a.rank - b.rank);
    const included = errors ? list(values, 'include') : priorities.map((p) => p.id);
    return this.web.render(
      req,
      reply,
      'governance/strategy-form',
      { ctx, section: 'nav.strategy', assessment, priorities, strands: partnership.controlStrategyStrands, agencies, values, included, errors },
      errors ? 400 : 200,
    );
  }

  @Get('strategy/new')
  async newStrategy(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Query('assessment') assessmentId: string) {
    const ctx = await this.drafter(req, code);
    if (!assessmentId) throw new PageError(404);
    return this.strategyForm(req, reply, ctx, assessmentId, {});
  }

  @Post('strategy/new')
  async createStrategy(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await this.drafter(req, code);
    const body = (req.body ?? {}) as FormBody;
    const assessmentId = text(body, 'assessmentId');
    const partnership = this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}', { params: { path: ctx.path } }));
    const errors = new FormErrors();
    const include = list(body, 'include');
    if (!include.length) errors.add('include', ctx.i18n.t('strategy.chooseOne'));
    const priorities = include.map((id) => ({
      assessmentPriorityId: id,
      leadAgencyId: selected(body, `lead-${id}`, errors, ctx.i18n, 'strategy.leadName'),
      strands: Object.fromEntries(
        partnership.controlStrategyStrands
          .map((s) => [s, { objectives: lines(body, `objectives-${id}-${s}`), measures: lines(body, `measures-${id}-${s}`) }] as const)
          .filter(([, plan]) => plan.objectives.length || plan.measures.length),
      ),
    }));
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/control-strategies', {
        params: { path: ctx.path },
        body: { strategicAssessmentId: assessmentId, priorities, notes: text(body, 'notes') || null },
      });
      if (result.data) {
        await this.web.flash(req, 'strategy.drafted');
        return this.web.redirect(reply, `${ctx.base}/strategy/versions/${result.data.id}`);
      }
      this.web.okUnlessInvalid(result);
      errors.add('include', ctx.i18n.t('assessments.notSaved'));
    }
    return this.strategyForm(req, reply, ctx, assessmentId, body, errors);
  }

  @Get('strategy/versions/:id')
  async version(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const strategy = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/control-strategies/{controlStrategyId}', {
        params: { path: { ...ctx.path, controlStrategyId: id } },
      }),
    );
    const names = Object.fromEntries((await ctx.agencies()).map((a) => [a.id, a.name]));
    return this.web.render(req, reply, 'governance/strategy', {
      ctx,
      section: 'nav.strategy',
      strategy,
      names,
      mayPublish: ctx.can.runMeetings && strategy.status === 'draft',
      drafts: [],
    });
  }

  @Post('strategy/versions/:id/publish')
  async publish(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    this.web.ok(
      await ctx.api.POST('/api/v1/partnerships/{partnershipId}/control-strategies/{controlStrategyId}/publish', {
        params: { path: { ...ctx.path, controlStrategyId: id } },
      }),
    );
    await this.web.flash(req, 'strategy.published');
    return this.web.redirect(reply, `${ctx.base}/strategy`);
  }
}
