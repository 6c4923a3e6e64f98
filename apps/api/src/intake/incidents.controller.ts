import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiExtraModels, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { oneRow } from '@app/core';
import { Allow } from '@app/core/security';
import { IncidentsService } from '@app/domain/intake';
import { setEtag } from '../common/etag';
import { IdParam, PartnershipId } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { IncidentBatchDto, IncidentDetailDto, IncidentDto, IncidentInputDto, IncidentPageDto, IncidentQueryDto, PushSummaryDto } from './incident.dto';
import { IncidentPushPipe, type IncidentPush } from './incident-push.pipe';
import { INCIDENTS_READ, INCIDENTS_WRITE } from './intake-policies';

const INCIDENT = resource('incident', { name: 'incidentId', format: 'uuid' });

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@ApiExtraModels(IncidentInputDto, IncidentBatchDto)
@Controller('partnerships/:partnershipId/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  // Not an @Endpoint: the handler sets the status itself (201 for a new incident, 200 otherwise).
  @Post()
  @Allow(INCIDENTS_WRITE)
  @ApiOperation({
    summary: 'Push one incident, or a batch of up to 1,000',
    description:
      'One incident: 201 with it when new, 200 when it changed what was held (the earlier state is kept as a revision), 200 with `Idempotent-Replayed: true` when identical to what was held (nothing changes). ' +
      "A batch `{ items: [...] }` is stored whole or not at all (400 naming `items[i].field`) and answers 200 with each record's result. " +
      '(sourceSystem, externalId) names a record; subjects are stored only as keyed hashes and never returned. See docs/intake.md.',
  })
  @ApiBody({ schema: { oneOf: [{ $ref: getSchemaPath(IncidentInputDto) }, { $ref: getSchemaPath(IncidentBatchDto) }] } })
  @ApiOkResponse({ description: 'A batch (PushSummary), or one incident that was updated or replayed (Incident).', type: PushSummaryDto })
  async push(
    @PartnershipId() pid: string,
    @Body(IncidentPushPipe) body: IncidentPush,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncidentDto | PushSummaryDto> {
    const summary = await this.incidents.push(pid, body.items, { batch: body.batch });
    if (body.batch) {
      void reply.status(200);
      return PushSummaryDto.from(summary);
    }
    const outcome = oneRow(summary.items, 'the outcome of the one incident pushed');
    const incident = await this.incidents.get(pid, outcome.id);
    void reply.status(outcome.result === 'created' ? 201 : 200);
    if (outcome.result === 'unchanged') void reply.header('idempotent-replayed', 'true');
    void reply.header('location', `/api/v1/partnerships/${pid}/incidents/${incident.id}`);
    setEtag(reply, incident.id, incident.version);
    return IncidentDto.from(incident);
  }

  @Get()
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'List incidents, newest first',
    description: 'Filters combine (AND). Never carries subjects.',
    ok: IncidentPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: IncidentQueryDto): Promise<IncidentPageDto> {
    return pageOf(await this.incidents.list(partnershipId, query), IncidentDto.from);
  }

  @Get(':incidentId')
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'Get an incident with its earlier states',
    reads: INCIDENT,
    ok: IncidentDetailDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('incidentId') id: string): Promise<IncidentDetailDto> {
    const incident = await this.incidents.get(partnershipId, id);
    return IncidentDetailDto.fromDetail(incident);
  }
}
