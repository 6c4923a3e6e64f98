import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PartnershipsService } from './partnerships.service';
import { ReferenceDataService } from './reference-data.service';
import { PartnershipSettingsListeners } from './settings-listeners';

@Module({
  imports: [AuditModule],
  providers: [PartnershipsService, ReferenceDataService, PartnershipSettingsListeners],
  exports: [PartnershipsService, ReferenceDataService, PartnershipSettingsListeners],
})
export class PartnershipsModule {}
