import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommonErrors } from '@app/core';
import { PageQueryDto } from '@app/core/pagination';
import { IncidentImportsService } from '@app/domain/intake';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import type { ApiRequest } from '../security/api-request';
import { ImportFormatQueryDto, IncidentImportDto, IncidentImportPageDto, RoutedImportDto } from './incident-import.dto';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { uploadedFile } from './import-uploads';
import { IntakeProducer } from './intake-producer';
import { INCIDENTS_READ, INCIDENTS_WRITE } from './intake-policies';

/** A file body is streamed, not stored with the key; a file imported twice adds nothing the second time anyway. */
const STREET_HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** The file as the body (`text/csv`) or as the one `file` part of a form (`multipart/form-data`). */
function importRequestBody(example: string) {
  return {
    required: true,
    description: `The CSV file, streamed: the body itself (text/csv) or the single part named "file" of multipart/form-data. At most IMPORT_MAX_BYTES (413 beyond); another media type is 415.`,
    content: {
      'text/csv': { schema: { type: 'string' as const }, example },
      'multipart/form-data': {
        schema: {
          type: 'object' as const,
          required: ['file'],
          properties: { file: { type: 'string' as const, format: 'binary', description: 'The CSV file.' } },
        },
      },
    },
  };
}

const UPLOAD_IDEMPOTENT = 'the upload is streamed; importing the same file again adds nothing (alreadyHeld), so retry without the header';
const INCIDENT_IMPORT = resource('import', { name: 'importId', format: 'uuid' });

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/incident-imports')
export class IncidentImportsController {
  constructor(
    private readonly imports: IncidentImportsService,
    private readonly producer: IntakeProducer,
  ) {}

  @Post()
  @Endpoint({
    allow: INCIDENTS_WRITE,
    summary: 'Import a CSV file of incidents',
    description:
      'Body: the file, streamed, as `Content-Type: text/csv` or as the one part named `file` of `multipart/form-data` (at most IMPORT_MAX_BYTES: 413 beyond; another media type: 415). `?format=police-uk-street` (default; the data.police.uk street-level layout exactly as published) or `generic` (docs/intake.md). ' +
      "A malformed file, a missing column or a wrong type is refused at once (400, naming the line and column) and nothing is kept; otherwise 202 with the import, which the worker runs, all or nothing. Rows of other partnerships' areas count as outsideArea.",
    requestBody: importRequestBody(STREET_HEADER),
    accepted: IncidentImportDto,
    refuses: [CommonErrors.validation, CommonErrors.payloadTooLarge],
  })
  @IdempotencyUnsupported(UPLOAD_IDEMPOTENT)
  async create(@Req() req: ApiRequest, @Query() query: ImportFormatQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<IncidentImportDto> {
    const pid = req.partnership!.id;
    const upload = await uploadedFile(req);
    const created = await this.imports.accept(pid, query.format ?? 'police-uk-street', upload.file, upload.finish);
    await this.producer.queueImport({ importId: created.id, partnershipId: pid });
    void reply.header('location', `/api/v1/partnerships/${pid}/incident-imports/${created.id}`);
    return IncidentImportDto.from(created);
  }

  @Get()
  @Endpoint({ allow: INCIDENTS_READ, summary: 'List imports, newest first', ok: IncidentImportPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: PageQueryDto): Promise<IncidentImportPageDto> {
    return pageOf(await this.imports.list(partnershipId, query), IncidentImportDto.from);
  }

  @Get(':importId')
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'Get an import: state, counts and rejected rows',
    reads: INCIDENT_IMPORT,
    ok: IncidentImportDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('importId', 'incident import') id: string): Promise<IncidentImportDto> {
    return IncidentImportDto.from(await this.imports.get(partnershipId, id));
  }
}

@ApiTags('intake')
@Controller('incident-imports')
export class PlatformIncidentImportsController {
  constructor(
    private readonly imports: IncidentImportsService,
    private readonly producer: IntakeProducer,
  ) {}

  @Post()
  @Endpoint({
    allow: {},
    summary: 'Import a force-wide data.police.uk file for every partnership it covers (platform admins)',
    description:
      'Each row goes to the partnership whose council its LSOA name names (the council name before the LSOA name\'s last token, e.g. "Rhondda Cynon Taf 027F"): one import per partnership, each run by the worker all or nothing. Rows of no Welsh partnership and rows without an LSOA are counted as unrouted. Refused like a partnership import when malformed.',
    requestBody: importRequestBody(STREET_HEADER),
    accepted: RoutedImportDto,
    refuses: [CommonErrors.validation, CommonErrors.payloadTooLarge],
  })
  @IdempotencyUnsupported(UPLOAD_IDEMPOTENT)
  async create(@Req() req: ApiRequest, @Query() query: ImportFormatQueryDto): Promise<RoutedImportDto> {
    const upload = await uploadedFile(req);
    const { imports, unrouted } = await this.imports.acceptRouted(query.format ?? 'police-uk-street', upload.file, upload.finish);
    for (const created of imports) await this.producer.queueImport({ importId: created.id, partnershipId: created.partnershipId });
    return { items: imports.map(IncidentImportDto.from), unrouted };
  }
}
