import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments';
import { AuditModule } from '../audit';
import { FlagsModule } from '../flags';
import { IdentityAdminModule } from '../identity';
import { OutboxModule } from '../notifications';
import { PartnershipsModule } from '../partnerships';
import { ProblemsModule } from '../problems';
import { StrategyModule } from '../strategy';
import { ActionsRepository } from './actions.repository';
import { ActionsService } from './actions.service';
import { AgencyPerformanceService } from './agency-performance.service';
import { AgendaExtensions } from './agenda-extensions';
import { AgendaService } from './agenda.service';
import { ActionReadsRepository } from './action-reads.repository';
import { MeetingReadsRepository } from './meeting-reads.repository';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';
import { TaskingGroupsRepository } from './tasking-groups.repository';
import { TaskingGroupsService } from './tasking-groups.service';

/** Tasking and coordinating groups, meetings with generated agendas, decisions and actions, agency performance. */
@Module({
  imports: [AuditModule, OutboxModule, FlagsModule, PartnershipsModule, IdentityAdminModule, AssessmentsModule, StrategyModule, ProblemsModule],
  providers: [
    MeetingReadsRepository,
    MeetingsRepository,
    ActionReadsRepository,
    ActionsRepository,
    TaskingGroupsRepository,
    TaskingGroupsService,
    MeetingsService,
    AgendaService,
    ActionsService,
    AgencyPerformanceService,
    AgendaExtensions,
  ],
  exports: [TaskingGroupsService, MeetingsService, ActionsService, AgencyPerformanceService, AgendaExtensions],
})
export class TaskingModule {}
