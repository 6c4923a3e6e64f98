import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@app/core';
import type { PopulationEntry, PopulationRow } from './populations.service';

/** Every query on council_populations (and the council codes it is checked against). */
@Injectable()
export class PopulationsRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** The codes of the councils the product knows (local_authorities). */
  async councilCodes(): Promise<Set<string>> {
    const rows = await this.tx.manager.query<{ code: string }[]>('SELECT code FROM local_authorities');
    return new Set(rows.map((r) => r.code));
  }

  /** Writes the rows; a council and year held already is replaced. */
  async upsert(rows: readonly PopulationRow[]): Promise<void> {
    if (!rows.length) return;
    await this.tx.manager.query(
      `INSERT INTO council_populations (code, year, name, population, loaded_at)
       SELECT *, now() FROM unnest($1::text[], $2::int[], $3::text[], $4::int[])
       ON CONFLICT (code, year) DO UPDATE SET name = EXCLUDED.name, population = EXCLUDED.population, loaded_at = EXCLUDED.loaded_at`,
      [rows.map((r) => r.code), rows.map((r) => r.year), rows.map((r) => r.name), rows.map((r) => r.population)],
    );
  }

  /** Every population held, by council and year, with the council's partnership. */
  list(): Promise<PopulationEntry[]> {
    return this.tx.manager.query<PopulationEntry[]>(
      `SELECT p.code, p.name, p.year, p.population, la.partnership_id AS "partnershipId", p.loaded_at AS "loadedAt"
         FROM council_populations p JOIN local_authorities la ON la.code = p.code
        ORDER BY p.code, p.year`,
    );
  }
}
