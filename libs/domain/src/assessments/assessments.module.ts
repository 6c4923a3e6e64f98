import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { FlagsModule } from '../flags';
import { OutboxModule } from '../notifications';
import { PartnershipsModule } from '../partnerships';
import { AssessmentReviewsRepository } from './assessment-reviews.repository';
import { AssessmentReviewsService } from './assessment-reviews.service';
import { ReviewCycleListeners } from './review-cycle-listeners';
import { StrategicAssessmentsRepository } from './strategic-assessments.repository';
import { StrategicAssessmentsService } from './strategic-assessments.service';

/** Strategic assessments, their priorities and their enforced review cycle. */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule, FlagsModule],
  providers: [StrategicAssessmentsRepository, AssessmentReviewsRepository, StrategicAssessmentsService, AssessmentReviewsService, ReviewCycleListeners],
  exports: [StrategicAssessmentsService, AssessmentReviewsService, ReviewCycleListeners],
})
export class AssessmentsModule {}
