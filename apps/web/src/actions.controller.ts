import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { choice, FormErrors, oneOf, text, type FormBody } from './forms';
import { partnershipContext, type PartnershipContext } from './partnership-context';
import { nextPageQuery } from './paging';
import { Web, type WebRequest } from './web';
import { stackedBarChartSvg } from '@app/core/charts';

const ACTION_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;

/** The parts of each agency's bar, in order, with colours that carry white figures (4.5:1 or more). */
const PERFORMANCE_PARTS = [
  ['doneOnTime', '#00703c'],
  ['doneLate', '#1d70b8'],
  ['openOverdue', '#d4351c'],
  ['openNotDue', '#505a5f'],
] as const;

/** Actions: the list, one action with its history, updating it (a partner: their own agency's only), agency performance. */
@Controller('p/:code')
export class ActionsController {
  constructor(private readonly web: Web) {}

  @Get('actions')
  async list(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Query() query: Record<string, string>) {
    const ctx = await partnershipContext(this.web, req, code);
    const agencies = await ctx.agencies();
    const filters = {
      agencyId: agencies.some((a) => a.id === query.agencyId) ? query.agencyId : undefined,
      status: oneOf(ACTION_STATUSES, query.status),
      overdue: query.overdue === 'true' ? true : undefined,
      cursor: query.cursor || undefined,
    };
    const page = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/actions', { params: { path: ctx.path, query: { ...filters, limit: 25 } } }),
    );
    const names = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
    const next = nextPageQuery(filters, page.nextCursor);
    return this.web.render(req, reply, 'actions/list', { ctx, section: 'nav.actions', page, filters, agencies, names, statuses: ACTION_STATUSES, next });
  }

  @Get('actions/:id')
  async show(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.showAction(req, reply, ctx, id);
  }

  private mayUpdate(ctx: PartnershipContext, ownerAgencyId: string): boolean {
    if (ctx.membership.role === 'viewer') return false;
    if (ctx.membership.role === 'partner') return ctx.membership.agencyId === ownerAgencyId;
    return true;
  }

  private async showAction(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const action = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/actions/{actionId}', { params: { path: { ...ctx.path, actionId: id } } }),
    );
    return this.web.render(
      req,
      reply,
      'actions/show',
      {
        ctx,
        section: 'nav.actions',
        action,
        owner: await ctx.agencyName(action.ownerAgencyId),
        mayUpdate: this.mayUpdate(ctx, action.ownerAgencyId),
        statuses: ACTION_STATUSES,
        values: {},
        ...extra,
      },
      status,
    );
  }

  @Post('actions/:id')
  async update(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const status = choice(body, 'status', ACTION_STATUSES, errors, ctx.i18n, 'common.status');
    const note = text(body, 'note');
    if (errors.any) return this.showAction(req, reply, ctx, id, { errors, values: body }, 400);
    const current = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/actions/{actionId}', { params: { path: { ...ctx.path, actionId: id } } }),
    );
    const result = await ctx.api.PATCH('/api/v1/partnerships/{partnershipId}/actions/{actionId}', {
      params: { path: { ...ctx.path, actionId: id } },
      body: { ...(status !== current.status ? { status } : {}), note: note || undefined },
    });
    if (result.response.ok) {
      await this.web.flash(req, 'actions.updated');
      return this.web.redirect(reply, `${ctx.base}/actions/${id}`);
    }
    if (result.response.status === 409 || result.response.status === 422 || result.response.status === 400) {
      errors.add('status', (result.error as { detail?: string } | undefined)?.detail ?? ctx.i18n.t('need.generic'));
      return this.showAction(req, reply, ctx, id, { errors, values: body }, result.response.status);
    }
    this.web.ok(result);
  }

  @Get('performance')
  async performance(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const report = this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}/agency-performance', { params: { path: ctx.path, query: {} } }));
    const t = ctx.i18n.t;
    const drawn = report.agencies.length
      ? await stackedBarChartSvg({
          title: t('actions.performanceChart'),
          valueTitle: t('actions.performanceAxis'),
          parts: PERFORMANCE_PARTS.map(([key, color]) => ({ name: t(`actions.perf.${key}`), color })),
          bars: report.agencies.map((a) => ({ label: a.agencyName, values: PERFORMANCE_PARTS.map(([key]) => a[key]) })),
        })
      : null;
    const chart = drawn && {
      src: `data:image/svg+xml;base64,${Buffer.from(drawn.svg).toString('base64')}`,
      description: drawn.description,
      width: drawn.width,
    };
    return this.web.render(req, reply, 'actions/performance', { ctx, section: 'nav.actions', report, chart });
  }
}

/** Flags: the open ones, acknowledging one, a link to its cause. */
@Controller('p/:code/flags')
export class FlagsController {
  constructor(private readonly web: Web) {}

  @Get()
  async list(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const page = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/flags', { params: { path: ctx.path, query: { open: true, limit: 100 } } }),
    );
    const causes: Record<string, (id: string) => string> = {
      problem: (id) => `${ctx.base}/problems/${id}`,
      action: (id) => `${ctx.base}/actions/${id}`,
      meeting: (id) => `${ctx.base}/meetings/${id}`,
      strategic_assessment: (id) => `${ctx.base}/assessments/${id}`,
      control_strategy: () => `${ctx.base}/strategy`,
    };
    const flags = page.items.map((f) => ({ ...f, causeUrl: causes[f.subjectType]?.(f.subjectId) ?? null }));
    return this.web.render(req, reply, 'flags', { ctx, section: 'nav.flags', flags });
  }

  @Post(':id/acknowledge')
  async acknowledge(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    this.web.ok(await ctx.api.POST('/api/v1/partnerships/{partnershipId}/flags/{flagId}/acknowledge', { params: { path: { ...ctx.path, flagId: id } } }));
    await this.web.flash(req, 'flags.acknowledged');
    return this.web.redirect(reply, `${ctx.base}/flags`);
  }
}
