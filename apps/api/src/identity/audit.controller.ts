import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Allow } from '@app/core/security';
import { AuditService } from '@app/domain/audit';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import type { ApiRequest } from '../security/api-request';
import { AuditEventDto, AuditEventPageDto, AuditQueryDto, ChainReportDto } from './audit.dto';

@ApiTags('audit')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Allow({})
  @ApiOperation({ summary: 'The partnership\'s audit trail, newest first (admins)', description: 'Filter by action, target, actor and time.' })
  @ApiOkResponse({ type: AuditEventPageDto })
  async list(@Req() req: ApiRequest, @Query() query: AuditQueryDto): Promise<AuditEventPageDto> {
    const page = await this.audit.list(req.partnership!.id, query);
    return { items: page.items.map(AuditEventDto.from), nextCursor: page.nextCursor };
  }

  @Get('verify')
  @Allow({})
  @ApiOperation({
    summary: 'Check the audit trail\'s hash chain (admins)',
    description: 'Recomputes every row\'s hash from the first; reports whether the chain is intact and, if not, the first broken row.',
  })
  @ApiOkResponse({ type: ChainReportDto })
  async verify(@Req() req: ApiRequest): Promise<ChainReportDto> {
    return ChainReportDto.from(await this.audit.verify(req.partnership!.id));
  }
}
