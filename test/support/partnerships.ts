import { FIRE_AND_RESCUE, HEALTH_BOARDS, POLICE_FORCES, ReferenceDataService } from '@app/domain/partnerships';
import type { TestApp } from '@app/testing';
import { client } from './http';
import { partnershipId } from './identity';

export interface ArrangedPartnership {
  id: string;
  code: string;
  /** The ONS area codes of its councils, in the order asked for (ascending). */
  councils: string[];
}

let arranged = 0;
const letters = (n: number) => Array.from({ length: 4 }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** (3 - i)) % 26))).join('');

/**
 * A partnership of the test's own, with councils whose area codes no other
 * test uses (W99xxxxxx, never a real council), loaded as the Welsh reference
 * data is (its council, police, fire, health and probation agencies). For
 * tests of platform reference data such as council populations, which every
 * partnership shares.
 */
export async function arrangePartnership(t: TestApp, councilNames: string[]): Promise<ArrangedPartnership> {
  const n = ++arranged;
  const code = `arranged-${n}`;
  const councils = councilNames.map((name, i) => ({
    code: `W99${String(n * 10 + i).padStart(6, '0')}`,
    name,
    councilName: `${name} Council`,
    fireAndRescueService: FIRE_AND_RESCUE.south,
    healthBoard: HEALTH_BOARDS.cwmTaf,
  }));
  await t.app
    .get(ReferenceDataService)
    .seedWales([
      { code, name: `Arranged Partnership ${n}`, referencePrefix: `Z${letters(n)}`, policeForce: POLICE_FORCES.southWales, localAuthorities: councils },
    ]);
  return { id: await partnershipId(t, code), code, councils: councils.map((c) => c.code) };
}

/** `count` agencies created at once through the API by `auth` (an admin), named `${name} 0` onwards: audited writes racing each other. */
export async function createAgenciesAtOnce(t: TestApp, code: string, auth: string, count: number, name: string): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client(t, auth)
        .post(`/api/v1/partnerships/${code}/agencies`)
        .send({ name: `${name} ${i}`, kind: 'other' })
        .expect(201),
    ),
  );
}
