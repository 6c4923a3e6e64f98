import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors, Refuses } from '@app/core';
import { Allow } from '@app/core/security';
import { FlagErrors, FlagsService } from '@app/domain/flags';
import { ApiIfMatch } from '../common/etag';
import { IdParam, IfMatch, PartnershipId } from '../common/edge';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { FlagDto, FlagPageDto, FlagQueryDto } from './flags.dto';

/**
 * Flags the scanners raise (overdue reviews, unevaluated problems, overdue
 * actions, stale strategies, disabled webhooks). Reading them is part of
 * tasking: any member, or an API key with `tasking:read`; acknowledging
 * takes an analyst, chair or admin, or `tasking:write`.
 */
@ApiTags('flags')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/flags')
export class FlagsController {
  constructor(private readonly flags: FlagsService) {}

  @Get()
  @Allow({ roles: 'any', scopes: ['tasking:read'] })
  @ApiOperation({
    summary: "List the partnership's flags, most recently raised first",
    description: 'Filter by `kind`, by `open=true|false`, and by `subjectId`. A flag closes by itself when its cause is fixed.',
  })
  @ApiOkResponse({ type: FlagPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: FlagQueryDto): Promise<FlagPageDto> {
    const page = await this.flags.list(partnershipId, query);
    return { items: page.items.map(FlagDto.from), nextCursor: page.nextCursor };
  }

  @Get(':flagId')
  @Allow({ roles: 'any', scopes: ['tasking:read'] })
  @ApiOperation({ summary: 'Get a flag', description: 'With an ETag for `If-Match` on acknowledge.' })
  @ApiParam({ name: 'flagId', format: 'uuid' })
  @ApiOkResponse({ type: FlagDto })
  @ApiNotFoundResponse({ description: 'No such flag in this partnership.' })
  async get(@PartnershipId() partnershipId: string, @IdParam('flagId') flagId: string): Promise<FlagDto> {
    const flag = await this.flags.get(partnershipId, flagId);
    return FlagDto.from(flag);
  }

  @Post(':flagId/acknowledge')
  @Allow({ roles: ['analyst', 'chair'], scopes: ['tasking:write'] })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Acknowledge a flag (analysts, chairs, admins)',
    description: 'Records who has seen it (audited). It stays open until its cause is fixed. Honours If-Match.',
  })
  @ApiParam({ name: 'flagId', format: 'uuid' })
  @ApiIfMatch('flag')
  @ApiOkResponse({ type: FlagDto })
  @Refuses(FlagErrors.flagAlreadyAcknowledged, CommonErrors.preconditionFailed)
  async acknowledge(
    @PartnershipId() partnershipId: string,
    @IdParam('flagId') flagId: string,
    @IfMatch('flagId') expectedVersion: number | undefined,
  ): Promise<FlagDto> {
    const flag = await this.flags.acknowledge(partnershipId, flagId, expectedVersion);
    return FlagDto.from(flag);
  }
}
