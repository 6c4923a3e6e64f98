import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Schemas } from '@app/api-client';
import { Clock } from '@app/core';
import { dateField, dateParts, FormErrors, type FormBody } from './forms';
import { MISSING, type Translator } from './i18n';
import { partnershipContext, type PartnershipContext } from './partnership-context';
import { PageError, Web, type WebRequest } from './web';

type Figure = Schemas['FigureDto'];

/** The last whole calendar quarter before the one `today` (YYYY-MM-DD) falls in: its first and last days. */
export function lastFullQuarter(today: string): { from: string; to: string } {
  const day = new Date(`${today}T00:00:00Z`);
  const year = day.getUTCFullYear();
  const month = day.getUTCMonth() + 1;
  const current = Math.floor((month - 1) / 3);
  const q = current === 0 ? 3 : current - 1;
  const y = current === 0 ? year - 1 : year;
  const start = new Date(Date.UTC(y, q * 3, 1));
  const end = new Date(Date.UTC(y, q * 3 + 3, 0));
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

/** A figure's value as read: a share as a percentage, days, per 1,000 residents, or a count. */
export function figureValue(f: Figure, i18n: Translator): string {
  if (f.value === null) return '';
  const rounded = (v: number, digits: number) => i18n.number(Math.round(v * 10 ** digits) / 10 ** digits);
  switch (f.unit) {
    case 'rate':
      return i18n.t('figures.unit.rate', { value: rounded(f.value * 100, 1) });
    case 'days':
      return i18n.t('figures.unit.days', { value: rounded(f.value, 1) });
    case 'per_1000':
      return i18n.t('figures.unit.per1000', { value: rounded(f.value, 2) });
    default:
      return i18n.number(f.value);
  }
}

/** The figures whose key ends in a value the console has a name for: the name, or null for the API's label. */
const LABEL_FAMILIES: Record<string, (suffix: string, i18n: Translator, agencies: Record<string, string>) => string | null> = {
  problems_by_stage: (s, i18n) => i18n.t(`stage.${s}`),
  problems_by_source: (s, i18n) => i18n.t(`source.${s}`),
  evaluation_results: (s, i18n) => i18n.t(`result.${s}`),
  action_on_time_rate: (s, _i18n, agencies) => (s.startsWith('agency:') ? (agencies[s.slice('agency:'.length)] ?? null) : null),
  intelligence_by_grade: (s) => s,
  engagements_held: (s) => (s.startsWith('area:') ? s.slice('area:'.length) : null),
};

/**
 * A figure's label in the visitor's language: the console's own text for every fixed figure and
 * for those per stage, source, result, agency, grade and area; the API's (English) label for the
 * rest, marked so (`english`).
 */
export function figureLabel(f: Pick<Figure, 'key' | 'label'>, i18n: Translator, agencies: Record<string, string> = {}): { text: string; english: boolean } {
  const colon = f.key.indexOf(':');
  const base = colon < 0 ? f.key : f.key.slice(0, colon);
  const name = colon < 0 ? null : (LABEL_FAMILIES[base]?.(f.key.slice(colon + 1), i18n, agencies) ?? null);
  const text = colon < 0 ? i18n.t(`figures.label.${base}`) : name === null || name.startsWith(MISSING) ? null : i18n.t(`figures.label.${base}:`, { name });
  return text === null || text.startsWith(MISSING) ? { text: f.label, english: true } : { text, english: false };
}

const DOWNLOAD_HEADERS = ['content-type', 'content-disposition'] as const;

/**
 * Sends a document the API answered (CSV, PDF, HTML) on to the browser with the API's
 * content type and disposition. HTML is shown sandboxed: it comes from the console's
 * address but may not run script or reach the console's cookies.
 */
export function forwardDocument(web: Web, reply: FastifyReply, result: { data?: ArrayBuffer; error?: unknown; response: Response }): FastifyReply {
  const body = web.ok(result);
  for (const name of DOWNLOAD_HEADERS) {
    const value = result.response.headers.get(name);
    if (value) void reply.header(name, value);
  }
  const type = result.response.headers.get('content-type') ?? 'application/octet-stream';
  if (type.startsWith('text/html')) void reply.header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:");
  return reply.status(200).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(Buffer.from(body));
}

/** The meeting's pack as the meeting page shows it: null before one is asked for. */
export async function packStatus(web: Web, ctx: PartnershipContext, meetingId: string): Promise<Schemas['PackStatusDto'] | null> {
  const result = await ctx.api.GET('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/pack', { params: { path: { ...ctx.path, meetingId } } });
  return result.response.status === 404 ? null : web.ok(result);
}

const YEARS_LISTED = 3;

/** The documents of a meeting the console passes on, by the last part of their path. */
const MEETING_DOCUMENTS = {
  'pack.pdf': '/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/pack.pdf',
  'pack.html': '/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/pack.html',
  'minutes.pdf': '/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/minutes.pdf',
} as const;

/** The hallmark figures for a chosen period, their CSV, the annual reports, and the meeting packs and minutes as downloads. */
@Controller('p/:code')
export class FiguresController {
  constructor(
    private readonly web: Web,
    private readonly clock: Clock,
  ) {}

  /** The period of the page: the chooser's dates, or the last full quarter when none are given. */
  private period(query: FormBody, ctx: PartnershipContext) {
    const errors = new FormErrors();
    const given = ['from', 'to'].some((n) => ['day', 'month', 'year'].some((p) => (query[`${n}-${p}`] ?? '') !== ''));
    if (!given) return { errors, ...lastFullQuarter(this.clock.today()) };
    const from = dateField(query, 'from', errors, ctx.i18n, 'figures.fromName');
    const to = dateField(query, 'to', errors, ctx.i18n, 'figures.toName');
    if (from && to && from > to) errors.add('to-day', ctx.i18n.t('figures.toBeforeFrom'));
    return { errors, from, to };
  }

  @Get('figures')
  async figures(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Query() query: FormBody) {
    const ctx = await partnershipContext(this.web, req, code);
    const { errors, from, to } = this.period(query, ctx);
    const parts = (iso: string | undefined, name: string) => {
      if (errors.any || !iso) return dateParts(query, name);
      const [year, month, day] = iso.split('-');
      return { day: String(Number(day)), month: String(Number(month)), year };
    };
    const dates = { from: parts(from, 'from'), to: parts(to, 'to') };
    const thisYear = Number(this.clock.today().slice(0, 4));
    const years = Array.from({ length: YEARS_LISTED }, (_, i) => thisYear - i);
    if (errors.any) return this.web.render(req, reply, 'figures/figures', { ctx, section: 'figures.nav', errors, dates, hallmarks: [], years }, 400);
    const result = await ctx.api.GET('/api/v1/partnerships/{partnershipId}/figures', { params: { path: ctx.path, query: { from, to } } });
    if (result.response.status === 400) {
      errors.add('from-day', ctx.i18n.t('figures.periodTooLong'));
      return this.web.render(req, reply, 'figures/figures', { ctx, section: 'figures.nav', errors, dates, hallmarks: [], years }, 400);
    }
    const figures = this.web.ok(result);
    const agencies = Object.fromEntries((await ctx.agencies()).map((a) => [a.id, a.name]));
    const hallmarks = figures.hallmarks.map((h) => ({
      ...h,
      figures: h.figures.map((f) => ({ ...f, shown: figureValue(f, ctx.i18n), name: figureLabel(f, ctx.i18n, agencies) })),
    }));
    const csv = `${ctx.base}/figures.csv?${new URLSearchParams({ from: figures.from, to: figures.to })}`;
    return this.web.render(req, reply, 'figures/figures', { ctx, section: 'figures.nav', figures, hallmarks, dates, csv, years });
  }

  @Get('figures.csv')
  async csv(
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
    @Param('code') code: string,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
  ) {
    const ctx = await partnershipContext(this.web, req, code);
    const result = await ctx.api.GET('/api/v1/partnerships/{partnershipId}/figures', {
      params: { path: ctx.path, query: { from: from || undefined, to: to || undefined } },
      headers: { accept: 'text/csv' },
      parseAs: 'arrayBuffer',
    });
    return forwardDocument(this.web, reply, result);
  }

  @Get('reports/annual/:year/:format')
  async annual(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('year') year: string, @Param('format') format: string) {
    const ctx = await partnershipContext(this.web, req, code);
    if (!/^\d{4}$/.test(year) || !['pdf', 'html'].includes(format)) throw new PageError(404);
    const result = await ctx.api.GET('/api/v1/partnerships/{partnershipId}/reports/annual', {
      params: { path: ctx.path, query: { year: Number(year) } },
      headers: { accept: format === 'html' ? 'text/html' : 'application/pdf' },
      parseAs: 'arrayBuffer',
    });
    return forwardDocument(this.web, reply, result);
  }

  @Post('meetings/:id/pack')
  async requestPack(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await partnershipContext(this.web, req, code);
    this.web.ok(await ctx.api.POST('/api/v1/partnerships/{partnershipId}/meetings/{meetingId}/pack', { params: { path: { ...ctx.path, meetingId: id } } }));
    await this.web.flash(req, 'packs.requested');
    return this.web.redirect(reply, `${ctx.base}/meetings/${id}#pack`);
  }

  @Get('meetings/:id/:document')
  async meetingDocument(
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
    @Param('code') code: string,
    @Param('id') id: string,
    @Param('document') document: string,
  ) {
    if (!Object.hasOwn(MEETING_DOCUMENTS, document)) throw new PageError(404);
    const route = MEETING_DOCUMENTS[document as keyof typeof MEETING_DOCUMENTS];
    const ctx = await partnershipContext(this.web, req, code);
    const result = await ctx.api.GET(route, { params: { path: { ...ctx.path, meetingId: id } }, parseAs: 'arrayBuffer' });
    // The pack not built yet, or the meeting not closed: a page that says so.
    if (result.response.status === 409)
      return document === 'minutes.pdf'
        ? this.web.renderError(req, reply, 409, 'packs.minutesNotYet', 'packs.minutesNotYetBody')
        : this.web.renderError(req, reply, 409, 'packs.notYet', 'packs.notYetBody');
    return forwardDocument(this.web, reply, result);
  }
}
