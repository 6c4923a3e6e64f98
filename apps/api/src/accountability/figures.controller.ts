import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply } from 'fastify';
import { FiguresService, MeetingPacksService, type PartnershipFigures } from '@app/domain/accountability';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import type { PartnershipRef } from '@app/domain/partnerships';
import { AnnualReportQueryDto, FiguresQueryDto, PartnershipFiguresDto } from './accountability.dto';
import { documentAnswer, sendDocument } from '../common/documents';
import { CurrentPartnership } from '../common/edge';
import { Endpoint } from '../common/endpoint';

/** Figures and reports: every member reads; API keys with tasking:read. */
export const FIGURES_READ = { roles: 'any', scopes: ['tasking:read'] } as const;

export const wants = (accept: string | undefined, type: string) => (accept ?? '').split(',').some((t) => t.trim().toLowerCase().startsWith(type));

/** The figures as CSV: one row per figure, the period first, then each quarter. */
export function figuresCsv(f: PartnershipFigures): string {
  const rows: unknown[][] = [];
  const push = (period: string, start: string, end: string, hallmarks: PartnershipFigures['hallmarks']) => {
    for (const h of hallmarks) {
      for (const x of h.figures)
        rows.push([period, start, end, x.hallmark, x.key, x.label, x.value, x.numerator, x.denominator, x.unit, x.sufficientData, x.definition]);
    }
  };
  push('period', f.from, f.to, f.hallmarks);
  for (const q of f.quarters) push(q.quarter, q.start, q.end, q.hallmarks);
  return stringify(rows, {
    header: true,
    columns: ['period', 'start', 'end', 'hallmark', 'key', 'label', 'value', 'numerator', 'denominator', 'unit', 'sufficientData', 'definition'],
    cast: { boolean: (v) => String(v) },
  });
}

@ApiTags('accountability')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId')
export class FiguresController {
  constructor(
    private readonly figures: FiguresService,
    private readonly packs: MeetingPacksService,
  ) {}

  @Get('figures')
  @Endpoint({
    allow: FIGURES_READ,
    summary: 'The hallmark figures of the partnership, for the period and per quarter',
    description:
      'Computed from the records now, grouped under the six hallmarks; each figure says how it is computed and whether there was enough data. `Accept: text/csv` gives CSV (one row per figure and window). Definitions: docs/figures.md.',
    ok: PartnershipFiguresDto,
  })
  @ApiProduces('application/json', 'text/csv')
  async get(
    @CurrentPartnership() partnership: PartnershipRef,
    @Query() query: FiguresQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnershipFiguresDto | string> {
    const figures = await this.figures.forPartnership(partnership.id, query);
    if (!wants(accept, 'text/csv')) return figures as PartnershipFiguresDto;
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="figures-${partnership.code}-${figures.from}-${figures.to}.csv"`);
    return figuresCsv(figures);
  }

  @Get('reports/annual')
  @Endpoint({
    allow: FIGURES_READ,
    summary: "The partnership's annual report for a year (PDF, or HTML by Accept)",
    description:
      "The year's figures by hallmark with charts, the priorities and what was done under each, and the problems evaluated in the year with their results and lessons. `Accept: text/html` gives print-ready HTML; otherwise a PDF. Audited.",
    ok: documentAnswer('The report.', 'pdf', 'html'),
  })
  @ApiProduces('application/pdf', 'text/html')
  async annual(
    @CurrentPartnership() partnership: PartnershipRef,
    @Query() query: AnnualReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    const format = wants(accept, 'text/html') ? 'html' : 'pdf';
    const doc = await this.packs.annualReport(partnership.id, query.year, format);
    return sendDocument(reply, doc, format, `annual-report-${partnership.code}-${query.year}`);
  }
}
