import { Module } from '@nestjs/common';
import { AuditChainRepository } from './audit-chain.repository';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditSealer } from './audit-sealer.service';
import { AuditSigner } from './audit-signer';
import { AuditService } from './audit.service';

@Module({ providers: [AuditService, AuditEventsRepository, AuditChainRepository, AuditSigner, AuditSealer], exports: [AuditService, AuditSealer] })
export class AuditModule {}
