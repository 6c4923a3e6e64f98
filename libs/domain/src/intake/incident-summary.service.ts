import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CountedMeasures } from '../problems';
import { periodEnd, periodStart } from './incidents.service';
import { IncidentSummaryRepository, type SummaryDimension } from './incident-summary.repository';

export interface SummaryQuery {
  by: SummaryDimension;
  from?: string;
  to?: string;
  category?: string;
}

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: Record<string, unknown> }[];
}

/**
 * Counts of the partnership's incidents by LSOA, ward, month or category,
 * and per location as GeoJSON points for map tools. Aggregates carry codes
 * and counts only: no subject, no label, no outcome. (No population figures
 * are held, so there are no rates per 1,000 residents.)
 */
@Injectable()
export class IncidentSummaryService implements OnModuleInit {
  constructor(
    private readonly repo: IncidentSummaryRepository,
    private readonly counted: CountedMeasures,
  ) {}

  /**
   * Counts problems' counted measures: the incidents of the categories at
   * the problem's LSOA or ward codes whose date (or month, for months-only
   * incidents: its first day) falls in the period.
   */
  onModuleInit(): void {
    this.counted.register(({ partnershipId, locationCodes, categories, periodStart, periodEnd }) =>
      this.repo.countAt(
        partnershipId,
        locationCodes.map((c) => c.toUpperCase()),
        categories,
        periodStart,
        periodEnd,
      ),
    );
  }

  async summary(
    partnershipId: string,
    q: SummaryQuery,
  ): Promise<{
    by: SummaryDimension;
    from: string | null;
    to: string | null;
    category: string | null;
    total: number;
    items: { key: string | null; count: number }[];
  }> {
    const f = this.filter(q);
    const items = await this.repo.counts(partnershipId, q.by, f);
    return { by: q.by, from: f.from ?? null, to: f.to ?? null, category: q.category ?? null, total: items.reduce((a, r) => a + r.count, 0), items };
  }

  async geojson(partnershipId: string, q: SummaryQuery): Promise<GeoFeatureCollection> {
    const points = await this.repo.points(partnershipId, this.filter(q));
    return {
      type: 'FeatureCollection',
      features: points.map((p) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
        properties: { lsoaCode: p.lsoaCode, wardCode: p.wardCode, count: p.count, byCategory: p.byCategory },
      })),
    };
  }

  private filter(q: SummaryQuery) {
    return { from: q.from ? periodStart(q.from) : undefined, to: q.to ? periodEnd(q.to) : undefined, category: q.category };
  }
}
