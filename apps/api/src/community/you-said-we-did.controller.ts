import { createHash } from 'node:crypto';
import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/core';
import { PUBLIC_FEED_MAX_AGE_SECONDS, YouSaidWeDidService } from '@app/domain/community';
import { YouSaidWeDidDto, YouSaidWeDidQueryDto } from './community-reports.dto';

@ApiTags('public')
@Controller('public/partnerships/:code')
export class YouSaidWeDidController {
  constructor(private readonly feed: YouSaidWeDidService) {}

  @Get('you-said-we-did')
  @Public()
  @ApiOperation({
    summary: '"You said, we did": the partnership\'s published answers, by area and month (no sign-in)',
    description: `Published answers only, in English and Welsh where given. No personal data and no free text of the record other than the answer written for the public. Cacheable: Cache-Control public, max-age ${PUBLIC_FEED_MAX_AGE_SECONDS}; an ETag, and 304 to a matching If-None-Match.`,
  })
  @ApiParam({ name: 'code', example: 'cardiff', description: "The partnership's code." })
  @ApiOkResponse({ type: YouSaidWeDidDto })
  @ApiNotFoundResponse({ description: 'No partnership with that code.' })
  async get(
    @Param('code') code: string,
    @Query() query: YouSaidWeDidQueryDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<YouSaidWeDidDto | undefined> {
    const body = await this.feed.feed(code, query);
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    void reply.header('cache-control', `public, max-age=${PUBLIC_FEED_MAX_AGE_SECONDS}`).header('etag', etag).header('vary', 'accept-encoding');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      void reply.status(304);
      return undefined;
    }
    return body;
  }
}
