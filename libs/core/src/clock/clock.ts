import { Injectable } from '@nestjs/common';

export const LONDON = 'Europe/London';

const londonDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const HOUR_MS = 3_600_000;
/** The last hour asked for (hours since the epoch) and its London date. */
let lastHour = Number.NaN;
let lastDate = '';

/**
 * The calendar date (YYYY-MM-DD) of an instant in Europe/London. London is
 * a whole number of hours from UTC and changes offset on the hour, so the
 * date is the same for every instant of one UTC hour: the last hour's
 * answer is kept (Intl's formatting is the costly part, and most calls ask
 * about now).
 */
export function toLondonDate(instant: Date): string {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  if (hour !== lastHour) {
    lastDate = londonDate.format(instant);
    lastHour = hour;
  }
  return lastDate;
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
