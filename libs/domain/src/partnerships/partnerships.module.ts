import { Module } from '@nestjs/common';
import { PartnershipsService } from './partnerships.service';
import { ReferenceDataService } from './reference-data.service';

@Module({
  providers: [PartnershipsService, ReferenceDataService],
  exports: [PartnershipsService, ReferenceDataService],
})
export class PartnershipsModule {}
