import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { FlagsModule } from '../flags';
import { OutboxModule } from '../notifications';
import { PartnershipsModule } from '../partnerships';
import { StrategyModule } from '../strategy';
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
  providers: [
    ProblemReadsRepository,
    ProblemsRepository,
    ProblemCategoriesRepository,
    ProblemsService,
    ProblemWorkService,
    ProblemCategoriesService,
    ProblemStatsRepository,
    ProblemStatsService,
    CountedMeasures,
  ],
  exports: [ProblemsService, ProblemWorkService, ProblemCategoriesService, ProblemStatsService, CountedMeasures],
})
export class ProblemsModule {}
