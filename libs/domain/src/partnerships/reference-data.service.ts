import { Injectable } from '@nestjs/common';
import { TransactionHost, uuidv7 } from '@app/core';
import { AgenciesRepository } from './agencies.repository';
import { PartnershipsRepository } from './partnerships.repository';
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
  constructor(
    private readonly tx: TransactionHost,
    private readonly partnerships: PartnershipsRepository,
    private readonly agencies: AgenciesRepository,
  ) {}

  async seedWales(seeds: PartnershipSeed[] = WALES_PARTNERSHIPS): Promise<SeedResult> {
    return this.tx.run(null, async () => {
      const result: SeedResult = { partnershipsCreated: 0, localAuthoritiesCreated: 0, agenciesCreated: 0 };
      for (const seed of seeds) {
        const partnershipId = (await this.partnerships.idOfCode(seed.code)) ?? uuidv7();
        // Each partnership's rows are written inside that partnership's context,
        // as row-level security requires.
        await this.tx.run(partnershipId, async () => {
          if (await this.partnerships.insertSeedIfAbsent(partnershipId, seed)) result.partnershipsCreated += 1;
          result.localAuthoritiesCreated += await this.partnerships.insertSeedCouncilsIfAbsent(partnershipId, seed);
          result.agenciesCreated += await this.agencies.insertIfAbsent(partnershipId, seedAgencies(seed));
        });
      }
      return result;
    });
  }
}
