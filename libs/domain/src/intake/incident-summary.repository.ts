import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';

export const SUMMARY_DIMENSIONS = ['lsoa', 'ward', 'month', 'category'] as const;
export type SummaryDimension = (typeof SUMMARY_DIMENSIONS)[number];

export interface SummaryFilter {
  from?: string;
  to?: string;
  category?: string;
}

const GROUP: Record<SummaryDimension, string> = {
  lsoa: 'i.lsoa_code',
  ward: 'i.ward_code',
  month: `to_char(i.occurred_month, 'YYYY-MM')`,
  category: 'i.category',
};

/** Aggregates of incidents (counts only: no subjects, no free text). */
@Injectable()
export class IncidentSummaryRepository {
  constructor(private readonly tx: TransactionHost) {}

  private where(partnershipId: string, f: SummaryFilter): { sql: string; params: unknown[] } {
    const where = ['i.partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    if (f.from) where.push(`i.occurred_on >= $${params.push(f.from)}::date`);
    if (f.to) where.push(`i.occurred_on <= $${params.push(f.to)}::date`);
    if (f.category) where.push(`i.category = $${params.push(f.category)}`);
    return { sql: where.join(' AND '), params };
  }

  async counts(partnershipId: string, by: SummaryDimension, f: SummaryFilter): Promise<{ key: string | null; count: number }[]> {
    const { sql, params } = this.where(partnershipId, f);
    return this.tx.manager.query(
      `SELECT ${GROUP[by]} AS key, count(*)::int AS count FROM incidents i WHERE ${sql} GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 10000`,
      params,
    );
  }

  /** Incidents of some categories at some LSOA or ward codes in a period (a problem's counted measure). */
  async countAt(partnershipId: string, codes: string[], categories: string[], from: string, to: string): Promise<number> {
    const rows = await this.tx.manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM incidents i
        WHERE i.partnership_id = $1 AND (i.lsoa_code = ANY($2::text[]) OR i.ward_code = ANY($2::text[]))
          AND i.category = ANY($3::text[]) AND i.occurred_on BETWEEN $4::date AND $5::date`,
      [partnershipId, codes, categories, from, to],
    );
    return oneRow(rows, 'the incident count').n;
  }

  /** Counts per location with coordinates (the mean point of its incidents), for map tools. */
  async points(
    partnershipId: string,
    f: SummaryFilter,
  ): Promise<{ lsoaCode: string | null; wardCode: string | null; lat: number; lng: number; count: number; byCategory: Record<string, number> }[]> {
    const { sql, params } = this.where(partnershipId, f);
    return this.tx.manager.query(
      `SELECT max(i.lsoa_code) AS "lsoaCode", max(i.ward_code) AS "wardCode", round(avg(i.lat)::numeric, 5)::float8 AS lat, round(avg(i.lng)::numeric, 5)::float8 AS lng,
              count(*)::int AS count, (SELECT jsonb_object_agg(c, n) FROM (SELECT c, count(*) AS n FROM unnest(array_agg(i.category)) c GROUP BY c) x) AS "byCategory"
         FROM incidents i WHERE ${sql} AND i.lat IS NOT NULL
        GROUP BY coalesce(i.location_key, i.lsoa_code || '|' || round(i.lat::numeric, 3) || ',' || round(i.lng::numeric, 3)) ORDER BY count DESC LIMIT 10000`,
      params,
    );
  }
}
