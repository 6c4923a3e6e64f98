import { Controller, Get, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditService } from '@app/domain/audit';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import { PartnershipId } from '../common/edge';
import { Endpoint } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PageQueryDto } from '@app/core/pagination';
import { AuditEventDto, AuditEventPageDto, AuditQueryDto, ChainReportDto, CheckpointDto, CheckpointPageDto, VerifyQueryDto } from './audit.dto';

@ApiTags('audit')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Endpoint({
    allow: {},
    summary: "The partnership's audit trail, newest first (admins)",
    description: 'Filter by action, target, actor and time.',
    ok: AuditEventPageDto,
  })
  async list(@PartnershipId() partnershipId: string, @Query() query: AuditQueryDto): Promise<AuditEventPageDto> {
    return pageOf(await this.audit.list(partnershipId, query), AuditEventDto.from);
  }

  @Get('verify')
  @Endpoint({
    allow: {},
    summary: "Check the audit trail's hash chain and its signed checkpoints (admins)",
    description:
      "Recomputes every sealed row's hash from the first and checks every checkpoint (its signature, and the hash of the row it names); reports the first broken row, the first bad checkpoint, and the rows not sealed yet with their age. Give a checkpoint you exported (checkpointPosition, checkpointHash) to detect rows removed from the end with their checkpoints.",
    ok: ChainReportDto,
  })
  async verify(@PartnershipId() partnershipId: string, @Query() query: VerifyQueryDto): Promise<ChainReportDto> {
    const exported =
      query.checkpointPosition !== undefined && query.checkpointHash !== undefined
        ? { lastPosition: query.checkpointPosition, rootHash: query.checkpointHash.toLowerCase() }
        : undefined;
    return ChainReportDto.from(await this.audit.verify(partnershipId, exported));
  }

  @Get('checkpoints')
  @Endpoint({
    allow: {},
    summary: 'The signed checkpoints of the audit chain, newest first (admins)',
    description: 'One per sealing batch: export them and keep them outside the system. Each signature is Ed25519 over payload, checkable with publicKey.',
    ok: CheckpointPageDto,
  })
  async checkpoints(@PartnershipId() partnershipId: string, @Query() query: PageQueryDto): Promise<CheckpointPageDto> {
    return { ...pageOf(await this.audit.checkpoints(partnershipId, query), CheckpointDto.from), ...this.audit.signingKey };
  }
}
