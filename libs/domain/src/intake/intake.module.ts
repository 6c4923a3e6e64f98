import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../notifications/outbox.module';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { SubjectKeys } from './subject-keys';

/** Intake: incidents and referrals from police and council systems, file imports, nominations and the repeat scanners. */
@Module({
  imports: [AuditModule, OutboxModule],
  providers: [SubjectKeys, IncidentsRepository, IncidentsService],
  exports: [IncidentsService],
})
export class IntakeModule {}
