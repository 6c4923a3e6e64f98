import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { PartnershipsService } from './partnerships.service';
import { ReferenceDataService } from './reference-data.service';

@Module({
  imports: [AuditModule],
  providers: [PartnershipsService, ReferenceDataService],
  exports: [PartnershipsService, ReferenceDataService],
})
export class PartnershipsModule {}
