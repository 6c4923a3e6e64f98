import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { FlagsModule } from '../flags/flags.module';
import { OutboxModule } from '../notifications/outbox.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ControlStrategiesRepository } from './control-strategies.repository';
import { ControlStrategiesService } from './control-strategies.service';

/** Control strategies: versions built from the approved assessment; the current one. */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule, AssessmentsModule, FlagsModule],
  providers: [ControlStrategiesRepository, ControlStrategiesService],
  exports: [ControlStrategiesService],
})
export class StrategyModule {}
