import type { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ValidationProblem } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { Allow } from '@app/core/security';
import { IncidentImportsService } from '@app/domain/intake';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import type { ApiRequest } from '../security/api-request';
import { ImportFormatQueryDto, IncidentImportDto, IncidentImportPageDto, RoutedImportDto } from './incident-import.dto';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { IntakeProducer } from './intake-producer';
import { INCIDENTS_READ, INCIDENTS_WRITE } from './intake-policies';

/** A file body is streamed, not stored with the key; a file imported twice adds nothing the second time anyway. */
const UPLOAD_IDEMPOTENT = 'the upload is streamed; importing the same file again adds nothing (alreadyHeld), so retry without the header';

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/incident-imports')
export class IncidentImportsController {
  constructor(
    private readonly imports: IncidentImportsService,
    private readonly producer: IntakeProducer,
  ) {}

  @Post()
  @Allow(INCIDENTS_WRITE)
  @IdempotencyUnsupported(UPLOAD_IDEMPOTENT)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import a CSV file of incidents',
    description:
      'Body: the file, `Content-Type: text/csv`, streamed (no size limit of the JSON routes). `?format=police-uk-street` (default; the data.police.uk street-level layout exactly as published) or `generic` (docs/intake.md). ' +
      'A malformed file, a missing column or a wrong type is refused at once (400, naming the line and column) and nothing is kept; otherwise 202 with the import, which the worker runs, all or nothing. Rows of other partnerships\' areas count as outsideArea.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context' } })
  @ApiAcceptedResponse({ type: IncidentImportDto })
  async create(@Req() req: ApiRequest, @Query() query: ImportFormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<IncidentImportDto> {
    const pid = req.partnership!.id;
    const created = await this.imports.accept(pid, query.format ?? 'police-uk-street', csvBody(req));
    await this.producer.queueImport({ importId: created.id, partnershipId: pid });
    void reply.header('location', `/api/v1/partnerships/${pid}/incident-imports/${created.id}`);
    return IncidentImportDto.from(created);
  }

  @Get()
  @Allow(INCIDENTS_READ)
  @ApiOperation({ summary: 'List imports, newest first' })
  @ApiOkResponse({ type: IncidentImportPageDto })
  async list(@Req() req: ApiRequest, @Query() query: PageQueryDto): Promise<IncidentImportPageDto> {
    const page = await this.imports.list(req.partnership!.id, query);
    return { items: page.items.map(IncidentImportDto.from), nextCursor: page.nextCursor };
  }

  @Get(':importId')
  @Allow(INCIDENTS_READ)
  @ApiOperation({ summary: 'Get an import: state, counts and rejected rows' })
  @ApiParam({ name: 'importId', format: 'uuid' })
  @ApiOkResponse({ type: IncidentImportDto })
  @ApiNotFoundResponse({ description: 'No such import in this partnership.' })
  async get(@Req() req: ApiRequest, @Param('importId') id: string): Promise<IncidentImportDto> {
    return IncidentImportDto.from(await this.imports.get(req.partnership!.id, id));
  }
}

/** The raw text/csv body stream (CsvBodyParser), or 400. */
function csvBody(req: ApiRequest): Readable {
  const body = req.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') throw new ValidationProblem([{ path: '(body)', message: 'send the file as the body with Content-Type: text/csv' }]);
  return body;
}

@ApiTags('intake')
@Controller('incident-imports')
export class PlatformIncidentImportsController {
  constructor(
    private readonly imports: IncidentImportsService,
    private readonly producer: IntakeProducer,
  ) {}

  @Post()
  @Allow({})
  @IdempotencyUnsupported(UPLOAD_IDEMPOTENT)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import a force-wide data.police.uk file for every partnership it covers (platform admins)',
    description:
      'Each row goes to the partnership whose council its LSOA name names (the council name before the LSOA name\'s last token, e.g. "Rhondda Cynon Taf 027F"): one import per partnership, each run by the worker all or nothing. Rows of no Welsh partnership and rows without an LSOA are counted as unrouted. Refused like a partnership import when malformed.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string' } })
  @ApiAcceptedResponse({ type: RoutedImportDto })
  async create(@Req() req: ApiRequest, @Query() query: ImportFormatQueryDto): Promise<RoutedImportDto> {
    const { imports, unrouted } = await this.imports.acceptRouted(query.format ?? 'police-uk-street', csvBody(req));
    for (const created of imports) await this.producer.queueImport({ importId: created.id, partnershipId: created.partnershipId });
    return { items: imports.map(IncidentImportDto.from), unrouted };
  }
}
