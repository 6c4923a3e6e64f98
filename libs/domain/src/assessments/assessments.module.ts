import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OutboxModule } from '../notifications/outbox.module';
import { PartnershipsModule } from '../partnerships/partnerships.module';
import { AssessmentReviewsService } from './assessment-reviews.service';
import { StrategicAssessmentsService } from './strategic-assessments.service';

/** Strategic assessments, their priorities and their enforced review cycle. */
@Module({
  imports: [AuditModule, OutboxModule, PartnershipsModule],
  providers: [StrategicAssessmentsService, AssessmentReviewsService],
  exports: [StrategicAssessmentsService, AssessmentReviewsService],
})
export class AssessmentsModule {}
