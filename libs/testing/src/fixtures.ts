/**
 * Ids and records for unit specs. Every spec names the partnership, the people
 * and the records it acts on by the same fixed ids, so that a failure message
 * reads the same whichever spec it comes from; a spec imports the ones it uses
 * (aliasing one where its own name says more, `ASSESSMENT as DRAFT`) and makes
 * any other with `testId`.
 *
 * It imports nothing, so specs beside the domain code import it by path
 * (`@app/testing/fixtures`), as they do service-testing.ts.
 */

/** A fixed, valid UUID (version 7 layout) told apart by its last digits: `testId(0xc1)` ends in `0000000000c1`. */
export function testId(last: number): string {
  return `0190a000-0000-7000-8000-${last.toString(16).padStart(12, '0')}`;
}

// Partnerships (0x0-).
export const PARTNERSHIP = testId(0x01);
export const OTHER_PARTNERSHIP = testId(0x02);
/** A partnership id that no partnership has. */
export const UNKNOWN_PARTNERSHIP = testId(0x09);

// Agencies (0xa-).
export const AGENCY = testId(0xa1);
export const OTHER_AGENCY = testId(0xa2);
/** An agency of another partnership. */
export const FOREIGN_AGENCY = testId(0xa9);

// People (0xc-): a user, and members by the role a spec gives them.
export const USER = testId(0xc0);
export const CHAIR = testId(0xc1);
export const OTHER_USER = testId(0xc2);
export const DEPUTY = testId(0xc3);
export const ANALYST = testId(0xc4);

// Records (0x1--), each kind its own id.
export const ASSESSMENT = testId(0x101);
export const ASSESSMENT_PRIORITY = testId(0x111);
export const SECOND_ASSESSMENT_PRIORITY = testId(0x112);
export const STRATEGY = testId(0x121);
export const STRATEGY_PRIORITY = testId(0x122);
export const PROBLEM = testId(0x131);
export const RESPONSE = testId(0x132);
export const GROUP = testId(0x141);
export const MEETING = testId(0x142);
export const ACTION = testId(0x143);
export const NOMINATION = testId(0x151);
export const ENGAGEMENT = testId(0x161);
export const ISSUE = testId(0x162);
export const FLAG = testId(0x171);
export const SUBSCRIPTION = testId(0x181);
export const DELIVERY = testId(0x182);

/**
 * A maker of test records: each call returns a fresh copy of `defaults` with
 * the fields the test gives in place of theirs
 * (`const group = fixture<TaskingGroup>({ id: GROUP, ... }); group({ version: 4 })`).
 * The defaults hold what the code under test reads, so the record is cast to `T`.
 */
export function fixture<T>(defaults: Partial<T>): (overrides?: Partial<T>) => T {
  return (overrides = {}) => ({ ...defaults, ...overrides }) as T;
}
