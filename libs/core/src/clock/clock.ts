import { Injectable } from '@nestjs/common';

export const LONDON = 'Europe/London';

const londonDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) of an instant in Europe/London. */
export function toLondonDate(instant: Date): string {
  return londonDate.format(instant);
}

/**
 * Where time comes from. Domain code never calls `new Date()`: it asks the
 * clock, so tests can move time (overdue reviews, due actions).
 */
export abstract class Clock {
  abstract now(): Date;

  /** Today's calendar date in Europe/London, as YYYY-MM-DD. */
  today(): string {
    return toLondonDate(this.now());
  }
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests set and move by hand. */
export class FixedClock extends Clock {
  constructor(private instant: Date = new Date('2026-01-15T10:00:00Z')) {
    super();
  }

  now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date | string): void {
    this.instant = new Date(instant);
  }

  advance(ms: number): void {
    this.instant = new Date(this.instant.getTime() + ms);
  }

  advanceDays(days: number): void {
    this.advance(days * 86_400_000);
  }
}
