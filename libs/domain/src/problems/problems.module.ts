import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FlagsModule } from '../flags/flags.module';
import { OutboxModule } from '../notifications/outbox.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { StrategyModule } from '../strategy/strategy.module';
import { CountedMeasures } from './counted-measures';
import { ProblemCategoriesRepository } from './problem-categories.repository';
import { ProblemCategoriesService } from './problem-categories.service';
import { ProblemReadsRepository } from './problem-reads.repository';
import { ProblemStatsRepository, ProblemStatsService } from './problem-stats.repository';
import { ProblemWorkService } from './problem-work.service';
import { ProblemsRepository } from './problems.repository';
import { ProblemsService } from './problems.service';

/** Problem solving: SARA records, the Problem Analysis Triangle, responses and evaluation. */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule, StrategyModule, FlagsModule],
  providers: [ProblemReadsRepository, ProblemsRepository, ProblemCategoriesRepository, ProblemsService, ProblemWorkService, ProblemCategoriesService, ProblemStatsRepository, ProblemStatsService, CountedMeasures],
  exports: [ProblemsService, ProblemWorkService, ProblemCategoriesService, ProblemStatsService, CountedMeasures],
})
export class ProblemsModule {}
