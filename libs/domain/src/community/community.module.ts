import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments/assessments.module';
import { AuditModule } from '../audit/audit.module';
import { IntakeModule } from '../intake/intake.module';
import { OutboxModule } from '../notifications/outbox.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { ProblemsModule } from '../problems/problems.module';
import { StrategyModule } from '../strategy/strategy.module';
import { TaskingModule } from '../tasking/tasking.module';
import { CommunityFiguresService } from './community-figures.service';
import { EngagementsRepository } from './engagements.repository';
import { EngagementsService } from './engagements.service';
import { IntelligenceRepository } from './intelligence.repository';
import { IntelligenceRequirementService } from './intelligence-requirement.service';
import { IntelligenceService } from './intelligence.service';
import { YouSaidWeDidService } from './you-said-we-did.service';

/**
 * Community engagement, community intelligence (graded 3x5x2, handling codes
 * enforced), its sources, and the public "you said, we did". Issues raised
 * are nominated through intake; the intelligence requirement's gaps reach
 * the strategic agenda through the tasking context's agenda extensions.
 */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule, AssessmentsModule, StrategyModule, ProblemsModule, TaskingModule, IntakeModule],
  providers: [EngagementsRepository, IntelligenceRepository, EngagementsService, IntelligenceService, IntelligenceRequirementService, YouSaidWeDidService, CommunityFiguresService],
  exports: [EngagementsService, IntelligenceService, IntelligenceRequirementService, YouSaidWeDidService, CommunityFiguresService],
})
export class CommunityModule {}
