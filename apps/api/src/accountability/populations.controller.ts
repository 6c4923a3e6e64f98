import type { Readable } from 'node:stream';
import { Controller, Get, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { ValidationProblem } from '@app/core';
import { POPULATION_FILE_MAX_BYTES, PopulationsService } from '@app/domain/accountability';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import type { ApiRequest } from '../security/api-request';
import { PopulationListDto, PopulationLoadDto } from './accountability.dto';
import { Endpoint } from '../common/endpoint';

/** The text of a text/csv body (a stream, CsvBodyParser), at most `max` bytes, or 400. */
async function csvText(req: ApiRequest, max: number): Promise<string> {
  const body = req.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function')
    throw new ValidationProblem([{ path: '(body)', message: 'send the file as the body with Content-Type: text/csv' }]);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new ValidationProblem([{ path: '(body)', message: `the file is larger than ${max} bytes` }]);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

@ApiTags('oversight')
@Controller('populations')
export class PopulationsController {
  constructor(private readonly populations: PopulationsService) {}

  @Post()
  @Endpoint({
    allow: {},
    summary: 'Load resident populations per council and year (platform admins)',
    description:
      'Body: an ONS-style mid-year estimates CSV, `Content-Type: text/csv`, with the columns `code,name,year,population` (others ignored; at most 5 MB). Rows of the councils the product knows are written, replacing the same council and year; rows of other areas are left out and counted. A bad row refuses the whole file (400, naming the line) and nothing is written. The rates per 1,000 residents use these rows only (docs/figures.md). Audited.',
    body: { schema: { type: 'string', example: 'code,name,year,population\nW06000011,Swansea,2024,246563\n' } },
    ok: PopulationLoadDto,
  })
  @IdempotencyUnsupported('the body is a file; loading the same file again writes the same rows, so retry without the header')
  @ApiConsumes('text/csv')
  @ApiBadRequestResponse({ description: 'Not a CSV, a column missing, or a row with a bad code, year or population.' })
  async load(@Req() req: ApiRequest): Promise<PopulationLoadDto> {
    return this.populations.load(await csvText(req, POPULATION_FILE_MAX_BYTES));
  }

  @Get()
  @Endpoint({ allow: {}, summary: 'The resident populations held, by council and year (platform admins)', ok: PopulationListDto })
  async list(): Promise<PopulationListDto> {
    return { items: await this.populations.list() };
  }
}
