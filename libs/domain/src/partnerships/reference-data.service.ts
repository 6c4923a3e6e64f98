import { Injectable } from '@nestjs/common';
import { TransactionHost, uuidv7 } from '@app/core';
import { WALES_PARTNERSHIPS, seedAgencies, type PartnershipSeed } from './reference-data/wales';

export interface SeedResult {
  partnershipsCreated: number;
  localAuthoritiesCreated: number;
  agenciesCreated: number;
}

/**
 * Loads the Welsh reference data. Idempotent: existing partnerships, councils
 * and agencies are left as they are, so it is safe on every start.
 */
@Injectable()
export class ReferenceDataService {
  constructor(private readonly tx: TransactionHost) {}

  async seedWales(seeds: PartnershipSeed[] = WALES_PARTNERSHIPS): Promise<SeedResult> {
    return this.tx.run(null, async () => {
      const result: SeedResult = { partnershipsCreated: 0, localAuthoritiesCreated: 0, agenciesCreated: 0 };
      for (const seed of seeds) {
        const existing = await this.tx.manager.query<{ id: string }[]>('SELECT id FROM partnerships WHERE code = $1', [seed.code]);
        const partnershipId = existing[0]?.id ?? uuidv7();
        // Each partnership's rows are written inside that partnership's context,
        // as row-level security requires.
        await this.tx.run(partnershipId, async () => {
          const m = this.tx.manager;
          const inserted = await m.query(
            `INSERT INTO partnerships (id, code, name, reference_prefix, police_force)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING RETURNING id`,
            [partnershipId, seed.code, seed.name, seed.referencePrefix, seed.policeForce],
          );
          result.partnershipsCreated += inserted.length;
          for (const la of seed.localAuthorities) {
            const rows = await m.query(
              `INSERT INTO local_authorities (code, name, partnership_id, police_force, fire_and_rescue_service, health_board)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING RETURNING code`,
              [la.code, la.name, partnershipId, seed.policeForce, la.fireAndRescueService, la.healthBoard],
            );
            result.localAuthoritiesCreated += rows.length;
          }
          const agencies = seedAgencies(seed);
          const rows = await m.query(
            `INSERT INTO agencies (id, partnership_id, name, kind)
             SELECT a.id, $1, a.name, a.kind FROM unnest($2::uuid[], $3::text[], $4::text[]) AS a(id, name, kind)
             ON CONFLICT (partnership_id, name) DO NOTHING RETURNING id`,
            [partnershipId, agencies.map(() => uuidv7()), agencies.map((a) => a.name), agencies.map((a) => a.kind)],
          );
          result.agenciesCreated += rows.length;
        });
      }
      return result;
    });
  }
}
