import { Injectable } from '@nestjs/common';
import { ProblemErrors } from './problems.errors';

/** What a counted measure counts: incidents of these categories at the problem's locations. */
export interface CountedMeasure {
  categories: string[];
}

type Counter = (input: { partnershipId: string; locationCodes: string[]; categories: string[]; periodStart: string; periodEnd: string }) => Promise<number>;

/**
 * Counts a problem's counted measures (its baseline and impact) from data
 * another context holds: the intake context registers the counter of its
 * incidents at module init (the pattern of PartnershipSettingsListeners), so
 * the problems context does not know it. Without one, a counted measure is
 * refused (422 `counted-measure-unavailable`).
 */
@Injectable()
export class CountedMeasures {
  private counter: Counter | null = null;

  register(counter: Counter): void {
    this.counter = counter;
  }

  async count(input: Parameters<Counter>[0]): Promise<number> {
    if (!this.counter) throw ProblemErrors.countedMeasureUnavailable.error();
    return this.counter(input);
  }
}
