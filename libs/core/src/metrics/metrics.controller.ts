import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config';
import { Public } from '../security/public.decorator';
import { MetricsService } from './metrics.service';

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Prometheus text format, outside the API prefix, on the API and the worker.
 * Protected by configuration: with METRICS_TOKEN set, only a scraper sending it
 * as a bearer token is answered; without it, the endpoint is open outside
 * production and absent (404) in production.
 */
@ApiTags('operations')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics of this process',
    description:
      'Prometheus text format. With METRICS_TOKEN configured, send it as `Authorization: Bearer <token>`; without it the ' +
      'endpoint is open outside production and absent (404) in production. Served by the worker on WORKER_PORT too.',
  })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'The metrics, in the Prometheus text exposition format 0.0.4.' })
  @ApiResponse({ status: 401, description: 'METRICS_TOKEN is configured and was not presented.' })
  @ApiResponse({ status: 404, description: 'Metrics are off (production without METRICS_TOKEN).' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const { enabled, token } = this.config.metrics;
    if (!enabled) throw new NotFoundException();
    if (token) {
      const given = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
      if (!given || !sameSecret(given, token)) throw new UnauthorizedException('GET /metrics needs the configured METRICS_TOKEN as a bearer token.');
    }
    const body = await this.metrics.text();
    await reply.header('content-type', this.metrics.contentType).header('cache-control', 'no-store').send(body);
  }
}
