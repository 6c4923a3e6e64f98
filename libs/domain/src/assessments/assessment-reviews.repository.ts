import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import { AssessmentReview } from './assessment-review.entity';
import { keysetRows } from '../shared/keyset';

/** A page of an assessment's reviews, newest first, after the keyset of the last one seen. */
export interface ReviewPageQuery {
  after?: { reviewedAt: string; id: string };
  limit: number;
}

/** A review row without what the database fills in (timestamps). */
export type NewReview = Omit<AssessmentReview, 'createdAt' | 'updatedAt' | 'strategicAssessment'>;

/** Every query on the assessment_reviews table (reviews are history: written once, never changed). */
@Injectable()
export class AssessmentReviewsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Inserts the review; returns it as stored. */
  insert(review: NewReview): Promise<AssessmentReview> {
    const repo = this.tx.manager.getRepository(AssessmentReview);
    return repo.save(repo.create(review));
  }

  /** The assessment's reviews by (reviewedAt, id) descending; `limit` rows at most. */
  page(partnershipId: string, assessmentId: string, query: ReviewPageQuery): Promise<AssessmentReview[]> {
    const qb = this.tx.manager
      .getRepository(AssessmentReview)
      .createQueryBuilder('r')
      .where('r.partnership_id = :partnershipId AND r.strategic_assessment_id = :assessmentId', { partnershipId, assessmentId });
    return keysetRows(qb, { column: 'reviewed_at', order: 'DESC' }, query.after && { key: query.after.reviewedAt, id: query.after.id }, query.limit);
  }
}
