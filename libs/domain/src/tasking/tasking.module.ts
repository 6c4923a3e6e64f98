import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { FlagsModule } from '../flags/flags.module';
import { IdentityAdminModule } from '../identity/identity.module';
import { OutboxModule } from '../notifications/outbox.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ProblemsModule } from '../problems/problems.module';
import { StrategyModule } from '../strategy/strategy.module';
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
  providers: [MeetingReadsRepository, MeetingsRepository, ActionReadsRepository, ActionsRepository, TaskingGroupsRepository, TaskingGroupsService, MeetingsService, AgendaService, ActionsService, AgencyPerformanceService, AgendaExtensions],
  exports: [TaskingGroupsService, MeetingsService, ActionsService, AgencyPerformanceService, AgendaExtensions],
})
export class TaskingModule {}
