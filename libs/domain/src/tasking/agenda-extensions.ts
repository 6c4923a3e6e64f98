import { Injectable } from '@nestjs/common';

/** An open nomination from the intake context as the agenda lists it: ids, kind, title and evidence counts (never subjects). */
export interface AgendaNomination {
  type: 'nomination';
  id: string;
  kind: string;
  title: string;
  category: string | null;
  evidenceCount: number;
  windowStart: string;
  windowEnd: string;
  raisedAt: string;
}

type NominationSource = (partnershipId: string, limit: number) => Promise<AgendaNomination[]>;
/** An item of the approved assessment's intelligence requirement with nothing received in its review period. */
export interface AgendaRequirementGap {
  index: number;
  requirement: string;
}
type GapSource = (partnershipId: string) => Promise<AgendaRequirementGap[]>;

/**
 * Lets another context add entries to the agenda without the tasking
 * context knowing it (the pattern of PartnershipSettingsListeners): the
 * intake context registers its open nominations, which the agenda lists in
 * `newNominations` beside the problems logged since the last meeting; the
 * community context registers the gaps in the intelligence requirement,
 * which the strategic group's agenda shows.
 */
@Injectable()
export class AgendaExtensions {
  private readonly nominationSources: NominationSource[] = [];
  private readonly gapSources: GapSource[] = [];

  onNominations(source: NominationSource): void {
    this.nominationSources.push(source);
  }

  async nominations(partnershipId: string, limit: number): Promise<AgendaNomination[]> {
    const out: AgendaNomination[] = [];
    for (const source of this.nominationSources) out.push(...(await source(partnershipId, limit)));
    return out;
  }

  onIntelligenceRequirementGaps(source: GapSource): void {
    this.gapSources.push(source);
  }

  async intelligenceRequirementGaps(partnershipId: string): Promise<AgendaRequirementGap[]> {
    const out: AgendaRequirementGap[] = [];
    for (const source of this.gapSources) out.push(...(await source(partnershipId)));
    return out;
  }
}
