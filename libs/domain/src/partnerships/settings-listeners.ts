import { Injectable } from '@nestjs/common';

export interface ReviewIntervalChange {
  partnershipId: string;
  previousMonths: number;
  reviewIntervalMonths: number;
}

type Listener<T> = (change: T) => Promise<void>;

/**
 * Lets other contexts react to a change of a partnership's settings inside
 * the transaction that changes them, without the partnerships context
 * knowing them: e.g. the assessments context moves the next review due date
 * when the review interval changes. A listener that throws rolls the whole
 * change back.
 */
@Injectable()
export class PartnershipSettingsListeners {
  private readonly reviewInterval: Listener<ReviewIntervalChange>[] = [];

  onReviewIntervalChanged(listener: Listener<ReviewIntervalChange>): void {
    this.reviewInterval.push(listener);
  }

  async reviewIntervalChanged(change: ReviewIntervalChange): Promise<void> {
    for (const listener of this.reviewInterval) await listener(change);
  }
}
