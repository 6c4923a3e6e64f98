import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { OutboxModule } from '../notifications';
import { ProblemsModule } from '../problems';
import { TaskingModule } from '../tasking';
import { PartnershipsModule } from '../partnerships';
import { IncidentImportsRepository } from './incident-imports.repository';
import { IncidentImportsService } from './incident-imports.service';
import { IncidentStageRepository } from './incident-stage.repository';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';
import { IncidentSummaryRepository } from './incident-summary.repository';
import { IncidentSummaryService } from './incident-summary.service';
import { IntakeSettingsRepository } from './intake-settings.repository';
import { IntakeSettingsService } from './intake-settings.service';
import { NominationScanService } from './nomination-scan.service';
import { NominationScansRepository } from './nomination-scans.repository';
import { NominationsRepository } from './nominations.repository';
import { NominationsService } from './nominations.service';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';
import { SubjectKeys } from './subject-keys';

/** Incidents and their file imports: what the API and the worker (which runs the imports) share. */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule],
  providers: [SubjectKeys, IncidentsRepository, IncidentsService, IncidentStageRepository, IncidentImportsRepository, IncidentImportsService],
  exports: [IncidentsService, IncidentImportsService],
})
export class IntakeImportModule {}

/** Intake: incidents and referrals from police and council systems, file imports, nominations and the repeat scanners. */
@Module({
  imports: [AuditModule, OutboxModule, ProblemsModule, TaskingModule, IntakeImportModule],
  providers: [
    NominationsRepository,
    NominationsService,
    ReferralsRepository,
    ReferralsService,
    IntakeSettingsRepository,
    IntakeSettingsService,
    IncidentSummaryRepository,
    IncidentSummaryService,
  ],
  exports: [IntakeImportModule, NominationsService, ReferralsService, IntakeSettingsService, IncidentSummaryService],
})
export class IntakeModule {}

/** The repeat scanners (worker and CLI only: they need the cross-partnership connection). */
@Module({
  providers: [NominationScansRepository, NominationScanService],
  exports: [NominationScanService],
})
export class IntakeScanModule {}
