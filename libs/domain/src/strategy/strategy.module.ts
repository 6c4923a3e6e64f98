import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments';
import { AuditModule } from '../audit';
import { FlagsModule } from '../flags';
import { OutboxModule } from '../notifications';
import { PartnershipsModule } from '../partnerships';
import { ControlStrategiesRepository } from './control-strategies.repository';
import { ControlStrategiesService } from './control-strategies.service';

/** Control strategies: versions built from the approved assessment; the current one. */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule, AssessmentsModule, FlagsModule],
  providers: [ControlStrategiesRepository, ControlStrategiesService],
  exports: [ControlStrategiesService],
})
export class StrategyModule {}
