import type { Schemas } from '@app/api-client';
import { problemSlug } from '@app/api-client';
import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { choice, dateField, dateParts, FormErrors, list, oneOf, required, text, type FormBody } from './forms';
import { partnershipContext, type PartnershipContext } from './partnership-context';
import { nextPageQuery } from './paging';
import { PageError, Web, type WebRequest } from './web';

export const ENGAGEMENT_KINDS = ['pact_meeting', 'ward_meeting', 'survey', 'street_briefing', 'environmental_visual_audit', 'online', 'other'] as const;
export const SOURCE_EVALUATIONS = ['1', '2', '3'] as const;
export const INTELLIGENCE_ASSESSMENTS = ['A', 'B', 'C', 'D', 'E'] as const;
export const HANDLING_CODES = ['P', 'C'] as const;
/** Roles a C code's conditions may name (admins and analysts always see the item). */
export const CONDITION_ROLES = ['chair', 'partner', 'viewer'] as const;

type Issue = Schemas['EngagementIssueDto'];
const DECIDED: Record<string, string> = { nominate: 'engagement.nominated', link: 'engagement.linked', close: 'engagement.closed' };

/** Who records engagements and decides issues (the API's rule: analysts and chairs, admins always). */
const mayRecordEngagements = (ctx: PartnershipContext) => ['admin', 'analyst', 'chair'].includes(ctx.membership.role);
/** Who records intelligence (analysts, admins always). */
const mayRecordIntelligence = (ctx: PartnershipContext) => ctx.can.writeProblems;

/** A whole number from an optional field: undefined when empty, NaN-free or an error at the field. */
function optionalCount(body: FormBody, name: string, errors: FormErrors, ctx: PartnershipContext, label: string): number | undefined {
  const value = text(body, name);
  if (!value) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    errors.add(name, ctx.i18n.t('error.number', { field: ctx.i18n.t(label) }));
    return undefined;
  }
  return n;
}

/** An API refusal's message in the visitor's language: `<prefix>.<slug>` when the catalogue has it, else the API's own words. */
function refusal(ctx: PartnershipContext, prefix: string, problem: unknown): string {
  const slug = problemSlug(problem as never);
  const message = ctx.i18n.t(`${prefix}.${slug}`);
  return message.startsWith('[missing:') ? ((problem as { detail?: string } | undefined)?.detail ?? ctx.i18n.t('need.generic')) : message;
}

/** Community engagement (engagements, issues raised, "you said, we did") and community intelligence (graded 3x5x2). */
@Controller('p/:code')
export class CommunityController {
  constructor(private readonly web: Web) {}

  private async categories(ctx: PartnershipContext) {
    return this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}/problem-categories', { params: { path: ctx.path, query: { limit: 100 } } }))
      .items;
  }

  private async categoryNames(ctx: PartnershipContext): Promise<Record<string, string>> {
    return Object.fromEntries((await this.categories(ctx)).map((c) => [c.slug, c.name]));
  }

  /** The approved assessment's intelligence requirement items (what `requirementIndex` names), or none. */
  private async requirements(ctx: PartnershipContext): Promise<{ index: string; text: string }[]> {
    const page = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/strategic-assessments', { params: { path: ctx.path, query: { status: 'approved', limit: 1 } } }),
    );
    return (page.items[0]?.intelligenceRequirement ?? []).map((text, i) => ({ index: String(i), text }));
  }

  /** The chosen requirement item, as the API takes it. */
  private requirementIndex(body: FormBody): number | null {
    const value = text(body, 'requirementIndex');
    return /^\d+$/.test(value) ? Number(value) : null;
  }

  // ---- engagements ----------------------------------------------------------

  @Get('engagements')
  async engagements(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Query() query: Record<string, string>) {
    const ctx = await partnershipContext(this.web, req, code);
    const filters = {
      kind: oneOf(ENGAGEMENT_KINDS, query.kind),
      area: query.area?.trim() || undefined,
      cursor: query.cursor || undefined,
    };
    const page = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/engagements', { params: { path: ctx.path, query: { ...filters, limit: 25 } } }),
    );
    const next = nextPageQuery(filters, page.nextCursor);
    return this.web.render(req, reply, 'community/engagements', {
      ctx,
      section: 'community.nav',
      sub: 'engagements',
      page,
      filters,
      kinds: ENGAGEMENT_KINDS,
      next,
      mayRecord: mayRecordEngagements(ctx),
    });
  }

  @Get('engagements/new')
  async newEngagement(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!mayRecordEngagements(ctx)) throw new PageError(403);
    return this.showEngagementForm(req, reply, ctx, {});
  }

  private async showEngagementForm(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, values: FormBody, errors?: FormErrors, status = 200) {
    return this.web.render(
      req,
      reply,
      'community/engagement-new',
      {
        ctx,
        section: 'community.nav',
        sub: 'engagements',
        values,
        errors,
        kinds: ENGAGEMENT_KINDS,
        agencies: await ctx.agencies(),
        agencyIds: list(values, 'agencyIds'),
        heldOn: dateParts(values, 'heldOn'),
      },
      status,
    );
  }

  @Post('engagements/new')
  async createEngagement(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!mayRecordEngagements(ctx)) throw new PageError(403);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const heldOn = dateField(body, 'heldOn', errors, i18n, 'engagement.heldOnName');
    const kind = choice(body, 'kind', ENGAGEMENT_KINDS, errors, i18n, 'engagement.kindName');
    const title = required(body, 'title', errors, i18n, 'field.title');
    const areaCodes = text(body, 'areaCodes')
      .split(/[\s,]+/)
      .filter(Boolean);
    if (!areaCodes.length) errors.add('areaCodes', i18n.t('error.required', { field: i18n.t('engagement.areaCodesName') }));
    const attendance = optionalCount(body, 'attendance', errors, ctx, 'engagement.attendanceName');
    const responseCount = optionalCount(body, 'responseCount', errors, ctx, 'engagement.responseCountName');
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/engagements', {
        params: { path: ctx.path },
        body: {
          heldOn: heldOn!,
          kind: kind!,
          title,
          areaCodes,
          attendance: attendance ?? null,
          responseCount: responseCount ?? null,
          agencyIds: list(body, 'agencyIds'),
          notes: text(body, 'notes') || null,
        },
      });
      if (result.data) {
        await this.web.flash(req, 'engagement.recorded');
        return this.web.redirect(reply, `${ctx.base}/engagements/${result.data.id}`);
      }
      this.refused(result, errors, ctx, 'engagement.refused', {
        heldOn: 'heldOn-day',
        kind: 'kind',
        title: 'title',
        areaCodes: 'areaCodes',
        attendance: 'attendance',
        responseCount: 'responseCount',
        agencyIds: 'agencyIds',
      });
    }
    return this.showEngagementForm(req, reply, ctx, body, errors, 400);
  }

  /** Maps a 400/422 onto the form's fields (unknown: the first field); anything else goes to the error pages. */
  private refused(
    result: { error?: unknown; response: Response },
    errors: FormErrors,
    ctx: PartnershipContext,
    prefix: string,
    fields: Record<string, string>,
  ): void {
    this.web.okUnlessInvalid(result);
    const problem = result.error as { errors?: { path: string }[]; type?: string } | undefined;
    for (const e of problem?.errors ?? []) {
      const [top = ''] = e.path.split(/[.[]/);
      const field = fields[top];
      if (field) errors.add(field, ctx.i18n.t('error.invalid', { field: ctx.i18n.t(`community.field.${top}`) }));
    }
    if (errors.any) return;
    const slug = problemSlug(problem as never);
    const at = slug.includes('agency')
      ? fields.agencyIds
      : slug.includes('category')
        ? fields.category
        : slug.includes('date')
          ? (fields.heldOn ?? fields.reportedOn)
          : slug.includes('handling')
            ? fields.handlingConditions
            : undefined;
    const [first] = Object.values(fields);
    const target = at ?? first;
    if (target === undefined) throw new Error('A refused form names at least one field');
    errors.add(target, refusal(ctx, prefix, problem));
  }

  @Get('engagements/:id')
  async engagement(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.showEngagement(req, reply, ctx, id, {});
  }

  private async showEngagement(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, id: string, values: FormBody, errors?: FormErrors, status = 200) {
    const engagement = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/engagements/{engagementId}', { params: { path: { ...ctx.path, engagementId: id } } }),
    );
    const mayRecord = mayRecordEngagements(ctx);
    const [agencies, categories, requirements] = await Promise.all([
      ctx.agencies(),
      this.categories(ctx),
      mayRecord ? this.requirements(ctx) : Promise.resolve([]),
    ]);
    const agencyNames = Object.fromEntries(agencies.map((a) => [a.id, a.name]));
    const categoryNames = Object.fromEntries(categories.map((c) => [c.slug, c.name]));
    return this.web.render(
      req,
      reply,
      'community/engagement',
      { ctx, section: 'community.nav', sub: 'engagements', engagement, agencyNames, categories, categoryNames, requirements, values, errors, mayRecord },
      status,
    );
  }

  @Post('engagements/:id/issues')
  async raiseIssue(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!mayRecordEngagements(ctx)) throw new PageError(403);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const category = required(body, 'category', errors, i18n, 'field.category');
    const whatWasSaid = required(body, 'whatWasSaid', errors, i18n, 'engagement.whatWasSaidName');
    const raisedByCount = optionalCount(body, 'raisedByCount', errors, ctx, 'engagement.raisedByCountName');
    if (raisedByCount === 0) errors.add('raisedByCount', i18n.t('error.invalid', { field: i18n.t('engagement.raisedByCountName') }));
    if (!errors.any) {
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/engagements/{engagementId}/issues', {
        params: { path: { ...ctx.path, engagementId: id } },
        body: {
          category,
          whatWasSaid,
          areaCode: text(body, 'areaCode') || null,
          locationLabel: text(body, 'locationLabel') || null,
          raisedByCount: raisedByCount ?? 1,
          requirementIndex: this.requirementIndex(body),
        },
      });
      if (result.data) {
        await this.web.flash(req, 'engagement.issueRecorded');
        return this.web.redirect(reply, `${ctx.base}/engagement-issues/${result.data.id}`);
      }
      this.refused(result, errors, ctx, 'engagement.refused', {
        category: 'category',
        whatWasSaid: 'whatWasSaid',
        areaCode: 'areaCode',
        locationLabel: 'locationLabel',
        raisedByCount: 'raisedByCount',
        requirementIndex: 'requirementIndex',
      });
    }
    return this.showEngagement(req, reply, ctx, id, body, errors, 400);
  }

  // ---- issues raised ----------------------------------------------------------

  @Get('engagement-issues/:id')
  async issue(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    return this.showIssue(req, reply, ctx, id, {});
  }

  private async showIssue(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, id: string, values: FormBody, errors?: FormErrors, status = 200) {
    const issue: Issue = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/engagement-issues/{issueId}', { params: { path: { ...ctx.path, issueId: id } } }),
    );
    const mayRecord = mayRecordEngagements(ctx);
    const [agencies, categoryNames, problems] = await Promise.all([
      ctx.agencies(),
      this.categoryNames(ctx),
      mayRecord && issue.status === 'open'
        ? ctx.api
            .GET('/api/v1/partnerships/{partnershipId}/problems', { params: { path: ctx.path, query: { limit: 100 } } })
            .then((r) => this.web.ok(r).items.filter((p) => p.stage !== 'closed'))
        : Promise.resolve([]),
    ]);
    const linkedProblem = issue.problemId
      ? await ctx.api
          .GET('/api/v1/partnerships/{partnershipId}/problems/{problemId}', { params: { path: { ...ctx.path, problemId: issue.problemId } } })
          .then((r) => (r.data ? r.data : null))
      : null;
    const answerValues =
      issue.answer && !errors
        ? { text: issue.answer.text, textCy: issue.answer.textCy ?? '', agencyId: issue.answer.agencyId, publish: issue.answer.published ? 'true' : '' }
        : values;
    return this.web.render(
      req,
      reply,
      'community/issue',
      {
        ctx,
        section: 'community.nav',
        sub: 'engagements',
        issue,
        agencies,
        agencyNames: Object.fromEntries(agencies.map((a) => [a.id, a.name])),
        categoryName: categoryNames[issue.category] ?? issue.category,
        problems,
        linkedProblem,
        values,
        answerValues,
        errors,
        mayRecord,
        mayDecide: mayRecord && issue.status === 'open',
      },
      status,
    );
  }

  @Post('engagement-issues/:id/:decision')
  async decideIssue(
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
    @Param('code') code: string,
    @Param('id') id: string,
    @Param('decision') decision: string,
  ) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!mayRecordEngagements(ctx)) throw new PageError(403);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const path = { ...ctx.path, issueId: id };
    let result: { data?: unknown; error?: unknown; response: Response } | undefined;
    let field: string;
    if (decision === 'nominate') {
      result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/engagement-issues/{issueId}/nominate', {
        params: { path },
        body: { title: text(body, 'nominationTitle') || null },
      });
      field = 'nominationTitle';
    } else if (decision === 'link') {
      field = 'problemId';
      const problemId = required(body, 'problemId', errors, i18n, 'engagement.problemName');
      if (!errors.any)
        result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/engagement-issues/{issueId}/link', { params: { path }, body: { problemId } });
    } else if (decision === 'close') {
      field = 'reason';
      const reason = required(body, 'reason', errors, i18n, 'engagement.reasonName');
      if (!errors.any)
        result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/engagement-issues/{issueId}/close', { params: { path }, body: { reason } });
    } else if (decision === 'answer') {
      field = 'answerText';
      const answer = required(body, 'answerText', errors, i18n, 'engagement.answerName');
      const agencyId = required(body, 'agencyId', errors, i18n, 'engagement.answerAgencyName');
      if (!errors.any)
        result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/engagement-issues/{issueId}/answer', {
          params: { path },
          body: { text: answer, textCy: text(body, 'answerTextCy') || null, agencyId, publish: text(body, 'publish') === 'true' },
        });
    } else {
      throw new PageError(404);
    }
    if (result?.response.ok) {
      const key = decision === 'answer' ? (text(body, 'publish') === 'true' ? 'engagement.answerPublished' : 'engagement.answerSaved') : DECIDED[decision];
      if (key === undefined) throw new PageError(404);
      await this.web.flash(req, key);
      return this.web.redirect(reply, `${ctx.base}/engagement-issues/${id}`);
    }
    if (result) {
      const status = result.response.status;
      if (status !== 400 && status !== 409 && status !== 422) this.web.ok(result as { response: Response });
      errors.add(field, refusal(ctx, 'engagement.refused', result.error));
    }
    return this.showIssue(req, reply, ctx, id, body, errors, result?.response.status ?? 400);
  }

  // ---- intelligence -----------------------------------------------------------

  @Get('intelligence')
  async intelligence(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Query() query: Record<string, string>) {
    const ctx = await partnershipContext(this.web, req, code);
    const filters = {
      handlingCode: oneOf(HANDLING_CODES, query.handlingCode),
      cursor: query.cursor || undefined,
    };
    const [page, categoryNames] = await Promise.all([
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/intelligence', { params: { path: ctx.path, query: { ...filters, limit: 25 } } })
        .then((r) => this.web.ok(r)),
      this.categoryNames(ctx),
    ]);
    const next = nextPageQuery(filters, page.nextCursor);
    return this.web.render(req, reply, 'community/intelligence', {
      ctx,
      section: 'community.nav',
      sub: 'intelligence',
      page,
      filters,
      categoryNames,
      next,
      mayRecord: mayRecordIntelligence(ctx),
    });
  }

  @Get('intelligence/new')
  async newIntelligence(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!mayRecordIntelligence(ctx)) throw new PageError(403);
    return this.showIntelligenceForm(req, reply, ctx, {});
  }

  private async showIntelligenceForm(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, values: FormBody, errors?: FormErrors, status = 200) {
    const [categories, agencies, sources, problems, requirements] = await Promise.all([
      this.categories(ctx),
      ctx.agencies(),
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/intelligence-sources', { params: { path: ctx.path, query: { limit: 100 } } })
        .then((r) => this.web.ok(r).items),
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/problems', { params: { path: ctx.path, query: { limit: 100 } } })
        .then((r) => this.web.ok(r).items.filter((p) => p.stage !== 'closed')),
      this.requirements(ctx),
    ]);
    return this.web.render(
      req,
      reply,
      'community/intelligence-new',
      {
        ctx,
        section: 'community.nav',
        sub: 'intelligence',
        values,
        errors,
        categories,
        agencies,
        sources,
        problems,
        requirements,
        reportedOn: dateParts(values, 'reportedOn'),
        evaluations: SOURCE_EVALUATIONS,
        assessments: INTELLIGENCE_ASSESSMENTS,
        handlingCodes: HANDLING_CODES,
        conditionRoles: CONDITION_ROLES,
        checkedRoles: list(values, 'conditionRoles'),
        checkedAgencies: list(values, 'conditionAgencyIds'),
      },
      status,
    );
  }

  @Post('intelligence/new')
  async createIntelligence(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!mayRecordIntelligence(ctx)) throw new PageError(403);
    const body = (req.body ?? {}) as FormBody;
    const { i18n } = ctx;
    const errors = new FormErrors();
    const reportedOn = dateField(body, 'reportedOn', errors, i18n, 'intelligence.reportedOnName');
    const category = required(body, 'category', errors, i18n, 'field.category');
    const content = required(body, 'content', errors, i18n, 'intelligence.contentName');
    const sourceEvaluation = choice(body, 'sourceEvaluation', SOURCE_EVALUATIONS, errors, i18n, 'intelligence.sourceEvaluationName');
    const intelligenceAssessment = choice(body, 'intelligenceAssessment', INTELLIGENCE_ASSESSMENTS, errors, i18n, 'intelligence.assessmentName');
    const handlingCode = choice(body, 'handlingCode', HANDLING_CODES, errors, i18n, 'intelligence.handlingCodeName');
    let status = 400;
    if (!errors.any) {
      // The conditions go to the API only with a C code; whether a C code has them is the API's rule (422), shown at the field.
      const conditionsText = text(body, 'handlingConditions');
      const roles = list(body, 'conditionRoles').filter((r): r is (typeof CONDITION_ROLES)[number] => (CONDITION_ROLES as readonly string[]).includes(r));
      const agencyIds = list(body, 'conditionAgencyIds');
      const handlingConditions =
        handlingCode === 'C' && (conditionsText || roles.length || agencyIds.length) ? { text: conditionsText, roles, agencyIds } : null;
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/intelligence', {
        params: { path: ctx.path },
        body: {
          reportedOn: reportedOn!,
          category,
          content,
          areaCode: text(body, 'areaCode') || null,
          locationLabel: text(body, 'locationLabel') || null,
          sourceEvaluation: Number(sourceEvaluation) as 1 | 2 | 3,
          intelligenceAssessment: intelligenceAssessment!,
          handlingCode: handlingCode!,
          handlingConditions,
          sourceId: text(body, 'sourceId') || null,
          problemId: text(body, 'problemId') || null,
          requirementIndex: this.requirementIndex(body),
        },
      });
      if (result.data) {
        await this.web.flash(req, 'intelligence.recorded', { grade: result.data.grade });
        return this.web.redirect(reply, `${ctx.base}/intelligence/${result.data.id}`);
      }
      status = result.response.status;
      this.refused(result, errors, ctx, 'intelligence.refused', {
        reportedOn: 'reportedOn-day',
        category: 'category',
        content: 'content',
        areaCode: 'areaCode',
        sourceEvaluation: 'sourceEvaluation',
        intelligenceAssessment: 'intelligenceAssessment',
        handlingCode: 'handlingCode',
        handlingConditions: 'handlingConditions',
        agencyIds: 'conditionAgencyIds',
        sourceId: 'sourceId',
        problemId: 'problemId',
        requirementIndex: 'requirementIndex',
      });
    }
    return this.showIntelligenceForm(req, reply, ctx, body, errors, status);
  }

  @Get('intelligence/:id')
  async intelligenceItem(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    // The API answers 404 for an item the visitor may not read: so does the console.
    const item = this.web.ok(
      await ctx.api.GET('/api/v1/partnerships/{partnershipId}/intelligence/{itemId}', { params: { path: { ...ctx.path, itemId: id } } }),
    );
    const [agencies, categoryNames] = await Promise.all([ctx.agencies(), this.categoryNames(ctx)]);
    return this.web.render(req, reply, 'community/intelligence-item', {
      ctx,
      section: 'community.nav',
      sub: 'intelligence',
      item,
      agencyNames: Object.fromEntries(agencies.map((a) => [a.id, a.name])),
      categoryName: categoryNames[item.category] ?? item.category,
    });
  }

  // ---- the intelligence requirement -------------------------------------------

  @Get('assessments/:id/intelligence-requirement')
  async requirement(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    const path = { ...ctx.path, assessmentId: id };
    const [assessment, view, categoryNames] = await Promise.all([
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}', { params: { path } }).then((r) => this.web.ok(r)),
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/strategic-assessments/{assessmentId}/intelligence-requirement', { params: { path } })
        .then((r) => this.web.ok(r)),
      this.categoryNames(ctx),
    ]);
    return this.web.render(req, reply, 'community/requirement', { ctx, section: 'nav.assessments', assessment, view, categoryNames });
  }
}
