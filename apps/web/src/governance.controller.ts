import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Schemas } from '@app/api-client';
import { SCOPES } from '@app/core/security';
import { FormErrors, list, required, type FormBody } from './forms';
import { partnershipContext, requireAdmin, type PartnershipContext } from './partnership-context';
import { Web, type WebRequest } from './web';

export const PESTELO = ['political', 'economic', 'social', 'technological', 'environmental', 'legal', 'organisational'] as const;

/** The 4x4 impact-likelihood grid: rows from impact 4 down to 1, columns likelihood 1 to 4, each cell the priorities placed there. */
export function riskGrid(priorities: { id: string; title: string; impact: number; likelihood: number; rank: number }[]) {
  return [4, 3, 2, 1].map((impact) => ({
    impact,
    cells: [1, 2, 3, 4].map((likelihood) => ({
      likelihood,
      score: impact * likelihood,
      band: impact * likelihood >= 12 ? 'high' : impact * likelihood >= 6 ? 'medium' : 'low',
      priorities: priorities.filter((p) => p.impact === impact && p.likelihood === likelihood).sort((a, b) => a.rank - b.rank),
    })),
  }));
}

/** An assessment's page: the grid, its priorities, the PESTELO headings, reviews, and what the visitor may do with it. */
export async function showAssessment(
  web: Web,
  req: WebRequest,
  reply: FastifyReply,
  ctx: PartnershipContext,
  id: string,
  extra: Record<string, unknown> = {},
  status = 200,
) {
  const path = { ...ctx.path, assessmentId: id };
  const [assessment, reviews] = await Promise.all([
    ctx.api.GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}', { params: { path } }).then((r) => web.ok(r)),
    ctx.api
      .GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/reviews', { params: { path, query: { limit: 100 } } })
      .then((r) => web.ok(r)),
  ]);
  const priorities = [...(assessment.priorities as Schemas['AssessmentPriorityDto'][])].sort((a, b) => a.rank - b.rank);
  return web.render(
    req,
    reply,
    'governance/assessment',
    {
      ctx,
      section: 'nav.assessments',
      assessment,
      priorities,
      grid: riskGrid(priorities),
      pestelo: PESTELO,
      reviews: reviews.items,
      mayApprove: ctx.can.runMeetings && assessment.status === 'draft',
      mayDraft: ctx.can.writeProblems && assessment.status === 'draft',
      mayBuildStrategy: ctx.can.writeProblems && assessment.status === 'approved',
      values: {},
      levels: [1, 2, 3, 4],
      ...extra,
    },
    status,
  );
}

/** Strategic assessments (with the risk grid), the control strategy, and the partnership's administration. */
@Controller('p/:code')
export class GovernanceController {
  constructor(private readonly web: Web) {}

  @Get('assessments')
  async assessments(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const page = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/strategic-assessments', { params: { path: ctx.path, query: { limit: 100 } } }),
    );
    return this.web.render(req, reply, 'governance/assessments', { ctx, section: 'nav.assessments', assessments: page.items });
  }

  @Get('assessments/:id')
  async assessment(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    return showAssessment(this.web, req, reply, await partnershipContext(this.web, req, code), id);
  }

  @Post('assessments/:id/approve')
  async approve(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    this.web.ok(
      await ctx.api.POST('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/approve', {
        params: { path: { ...ctx.path, assessmentId: id } },
      }),
    );
    await this.web.flash(req, 'assessments.approved');
    return this.web.redirect(reply, `${ctx.base}/assessments/${id}`);
  }

  @Get('strategy')
  async strategy(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const result = await ctx.api.GET('/api/v1/partnerships/{partnershipId}/control-strategies/current', { params: { path: ctx.path } });
    const strategy = result.response.status === 404 ? null : this.web.ok(result);
    const drafts = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/control-strategies', { params: { path: ctx.path, query: { status: 'draft', limit: 20 } } }),
    ).items;
    const names = Object.fromEntries((await ctx.agencies()).map((a) => [a.id, a.name]));
    return this.web.render(req, reply, 'governance/strategy', { ctx, section: 'nav.strategy', strategy, names, drafts });
  }

  @Get('admin')
  async admin(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    requireAdmin(ctx);
    return this.showAdmin(req, reply, ctx);
  }

  private async showAdmin(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, extra: Record<string, unknown> = {}, status = 200) {
    const [members, keys, audit] = await Promise.all([
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/members', { params: { path: ctx.path, query: { limit: 100 } } }).then((r) => this.web.ok(r)),
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/api-keys', { params: { path: ctx.path, query: { limit: 100 } } }).then((r) => this.web.ok(r)),
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/audit-events', { params: { path: ctx.path, query: { limit: 25 } } }).then((r) => this.web.ok(r)),
    ]);
    const names = Object.fromEntries((await ctx.agencies()).map((a) => [a.id, a.name]));
    return this.web.render(
      req,
      reply,
      'governance/admin',
      { ctx, section: 'nav.admin', members: members.items, keys: keys.items, audit: audit.items, names, scopes: SCOPES, values: {}, ...extra },
      status,
    );
  }

  @Post('admin/api-keys')
  async createKey(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    requireAdmin(ctx);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const name = required(body, 'keyName', errors, ctx.i18n, 'admin.keyName');
    const scopes = list(body, 'scopes').filter((s): s is (typeof SCOPES)[number] => (SCOPES as readonly string[]).includes(s));
    if (!scopes.length) errors.add('scopes', ctx.i18n.t('error.choose', { field: ctx.i18n.t('admin.scopes').toLowerCase() }));
    if (errors.any) return this.showAdmin(req, reply, ctx, { errors, values: body }, 400);
    const created = this.web.ok(await ctx.api.POST('/api/v1/partnerships/{partnershipId}/api-keys', { params: { path: ctx.path }, body: { name, scopes } }));
    // Shown on this answer only: never stored by the console, never in a redirect.
    return this.showAdmin(req, reply, ctx, { createdKey: created, flash: null });
  }

  @Post('admin/api-keys/:id/revoke')
  async revokeKey(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    requireAdmin(ctx);
    this.web.ok(await ctx.api.DELETE('/api/v1/partnerships/{partnershipId}/api-keys/{keyId}', { params: { path: { ...ctx.path, keyId: id } } }));
    await this.web.flash(req, 'admin.keyRevoked');
    return this.web.redirect(reply, `${ctx.base}/admin#api-keys`);
  }

  @Post('admin/audit/verify')
  async verify(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    requireAdmin(ctx);
    const report = this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}/audit-events/verify', { params: { path: ctx.path } }));
    return this.showAdmin(req, reply, ctx, { verification: report, flash: null });
  }
}
