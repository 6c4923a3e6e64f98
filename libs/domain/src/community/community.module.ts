import { Module } from '@nestjs/common';
import { AssessmentsModule } from '../assessments';
import { AuditModule } from '../audit';
import { IntakeModule } from '../intake';
import { OutboxModule } from '../notifications';
import { PartnershipsModule } from '../partnerships';
import { ProblemsModule } from '../problems';
import { StrategyModule } from '../strategy';
import { TaskingModule } from '../tasking';
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
  providers: [
    EngagementsRepository,
    IntelligenceRepository,
    EngagementsService,
    IntelligenceService,
    IntelligenceRequirementService,
    YouSaidWeDidService,
    CommunityFiguresService,
  ],
  exports: [EngagementsService, IntelligenceService, IntelligenceRequirementService, YouSaidWeDidService, CommunityFiguresService],
})
export class CommunityModule {}
