import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IncidentSummaryService, type GeoFeatureCollection } from '@app/domain/intake';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { IncidentSummaryDto, IncidentSummaryQueryDto } from './incident-summary.dto';
import { INCIDENTS_READ } from './intake-policies';

@ApiTags('intake')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/incident-summary')
export class IncidentSummaryController {
  constructor(private readonly summaries: IncidentSummaryService) {}

  @Get()
  @Endpoint({
    allow: INCIDENTS_READ,
    summary: 'Counts of incidents by LSOA, ward, month or category',
    description:
      "Codes and counts only (no subjects, labels or outcomes). With `Accept: application/geo+json`: a GeoJSON FeatureCollection of points, one per location with coordinates (the mean of its incidents' points), each with its count and counts by category. No population figures are held, so no rates.",
    ok: IncidentSummaryDto,
  })
  @ApiProduces('application/json', 'application/geo+json')
  async summary(
    @PartnershipId() partnershipId: string,
    @Query() query: IncidentSummaryQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IncidentSummaryDto | GeoFeatureCollection> {
    if (accept?.includes('application/geo+json')) {
      void reply.header('content-type', 'application/geo+json; charset=utf-8');
      return this.summaries.geojson(partnershipId, query);
    }
    return this.summaries.summary(partnershipId, query);
  }
}
