import { Injectable } from '@nestjs/common';

/** The review cycle of an approved assessment moved: a review was recorded, or the partnership's interval changed. */
export interface ReviewCycleMoved {
  partnershipId: string;
  strategicAssessmentId: string;
  previousReviewDue: string;
  nextReviewDue: string;
}

type Listener = (change: ReviewCycleMoved) => Promise<void>;

/**
 * Lets contexts built on assessments react, inside the same transaction,
 * when an approved assessment's next review due date moves, without the
 * assessments context knowing them: the strategy context resolves the
 * `control_strategy_stale` flag of a strategy that no longer rests on an
 * overdue assessment. A listener that throws rolls the change back.
 */
@Injectable()
export class ReviewCycleListeners {
  private readonly listeners: Listener[] = [];

  onReviewCycleMoved(listener: Listener): void {
    this.listeners.push(listener);
  }

  async reviewCycleMoved(change: ReviewCycleMoved): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }
}
