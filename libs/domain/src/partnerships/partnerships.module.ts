import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { AgenciesRepository } from './agencies.repository';
import { PartnershipsRepository } from './partnerships.repository';
import { PartnershipsService } from './partnerships.service';
import { ReferenceDataService } from './reference-data.service';
import { PartnershipSettingsListeners } from './settings-listeners';

@Module({
  imports: [AuditModule],
  providers: [PartnershipsRepository, AgenciesRepository, PartnershipsService, ReferenceDataService, PartnershipSettingsListeners],
  exports: [PartnershipsService, ReferenceDataService, PartnershipSettingsListeners],
})
export class PartnershipsModule {}
