import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { FlagErrors, FlagsService } from '@app/domain/flags';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { FlagDto, FlagPageDto, FlagQueryDto } from './flags.dto';

const READ = { roles: 'any', scopes: ['tasking:read'] } as const;
const FLAG = resource('flag', { name: 'flagId', format: 'uuid' });

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
  @Endpoint({
    allow: READ,
    summary: "List the partnership's flags, most recently raised first",
    description: 'Filter by `kind`, by `open=true|false`, and by `subjectId`. A flag closes by itself when its cause is fixed.',
    ok: FlagPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: FlagQueryDto): Promise<FlagPageDto> {
    return pageOf(await this.flags.list(partnershipId, query), FlagDto.from);
  }

  @Get(':flagId')
  @Endpoint({
    allow: READ,
    summary: 'Get a flag',
    description: 'With an ETag for `If-Match` on acknowledge.',
    reads: FLAG,
    ok: FlagDto,
  })
  async get(@PartnershipId() partnershipId: string, @IdParam('flagId') flagId: string): Promise<FlagDto> {
    const flag = await this.flags.get(partnershipId, flagId);
    return FlagDto.from(flag);
  }

  @Post(':flagId/acknowledge')
  @Endpoint({
    allow: { roles: ['analyst', 'chair'], scopes: ['tasking:write'] },
    summary: 'Acknowledge a flag (analysts, chairs, admins)',
    description: 'Records who has seen it (audited). It stays open until its cause is fixed. Honours If-Match.',
    changes: FLAG,
    ok: FlagDto,
    refuses: [FlagErrors.flagAlreadyAcknowledged, CommonErrors.preconditionFailed],
  })
  async acknowledge(@Changing('flagId') { partnershipId, id, expectedVersion }: ChangeTarget): Promise<FlagDto> {
    const flag = await this.flags.acknowledge(partnershipId, id, expectedVersion);
    return FlagDto.from(flag);
  }
}
