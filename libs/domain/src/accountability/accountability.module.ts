import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { CommunityModule } from '../community';
import { PartnershipsModule } from '../partnerships';
import { TaskingModule } from '../tasking';
import { AnnualReportRepository } from './annual-report.repository';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';
import { MeetingPacksRepository } from './meeting-packs.repository';
import { MeetingPacksService } from './meeting-packs.service';
import { PopulationsModule } from './populations.service';

/** Accountability: the six hallmarks as figures, the oversight view, meeting packs and minutes, the annual report. */
@Module({
  imports: [AuditModule, PartnershipsModule, TaskingModule, CommunityModule, PopulationsModule],
  providers: [FiguresRepository, FiguresService, MeetingPacksRepository, AnnualReportRepository, MeetingPacksService],
  exports: [FiguresService, MeetingPacksService, PopulationsModule],
})
export class AccountabilityModule {}
