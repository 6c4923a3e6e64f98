import { Injectable } from '@nestjs/common';
import { Clock, notFound, invalidInput, isUuid, toLondonDate, type InvalidField } from '@app/core';
import { readCreatedPage, type Page, type PageQueryDto } from '@app/core/pagination';
import { actorOf, currentPrincipal } from '@app/core/security';
import { AuditService } from '../audit';
import { OutboxService } from '../notifications';
import { LSOA_CODE, WARD_CODE, type IncidentLocationInput } from './incident-rules';
import { categoryEntry, type ReferrerKind } from './intake.constants';
import { NominationsRepository } from './nominations.repository';
import { ReferralsRepository, type ReferralLocation, type ReferralRow } from './referrals.repository';

export interface ReferralInput {
  referrerKind: ReferrerKind;
  referringAgency?: string | null;
  description: string;
  category: string;
  location?: Omit<IncidentLocationInput, 'uprn'> | null;
}

/**
 * Referrals from agencies, elected members, the third sector and the
 * public. Each becomes a nomination of kind `referral` in the same
 * transaction (with its `nomination.created` event), decided like any other.
 * A referral from an agency names the agency (400 otherwise).
 */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly repo: ReferralsRepository,
    private readonly nominations: NominationsRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async create(partnershipId: string, input: ReferralInput): Promise<ReferralRow> {
    const errors: InvalidField[] = [];
    const agency = input.referringAgency?.trim() || null;
    if ((input.referrerKind === 'agency' || input.referrerKind === 'third_sector') && !agency) {
      errors.push({
        path: 'referringAgency',
        message: `a referral from ${input.referrerKind === 'agency' ? 'an agency' : 'the third sector'} names the referring organisation`,
      });
    }
    const description = input.description.trim();
    if (!description) errors.push({ path: 'description', message: 'description must not be empty' });
    const location = normaliseLocation(input.location ?? null, errors);
    if (errors.length) throw invalidInput(errors);
    const now = this.clock.now();
    const actor = actorOf(currentPrincipal());
    const id = await this.repo.insert(
      partnershipId,
      {
        referrerKind: input.referrerKind,
        referringAgency: agency,
        description,
        category: input.category,
        location,
        receivedByType: actor.type,
        receivedById: actor.id ?? '00000000-0000-0000-0000-000000000000',
      },
      now,
    );
    const today = toLondonDate(now);
    const name = categoryEntry(input.category)?.name ?? input.category;
    const nominationId = await this.nominations.insert(
      partnershipId,
      {
        kind: 'referral',
        causeKey: id,
        windowStart: today,
        windowEnd: today,
        title: `Referral (${input.referrerKind.replace('_', ' ')}): ${name}${location?.label ? ` at ${location.label}` : ''}`.slice(0, 200),
        category: input.category,
        location,
        referralId: id,
        data: { referrerKind: input.referrerKind },
      },
      now,
    );
    await this.audit.record({
      action: 'referral.created',
      target: { type: 'referral', id },
      details: { referrerKind: input.referrerKind, category: input.category, nominationId },
    });
    await this.outbox.add({
      type: 'nomination.created',
      subject: { type: 'nomination', id: nominationId },
      data: {
        nominationId,
        kind: 'referral',
        state: 'open',
        category: input.category,
        evidenceCount: 0,
        referralId: id,
        link: `/api/v1/partnerships/${partnershipId}/nominations/${nominationId}`,
      },
    });
    return (await this.repo.find(partnershipId, id))!;
  }

  async get(partnershipId: string, id: string): Promise<ReferralRow> {
    const row = isUuid(id) ? await this.repo.find(partnershipId, id.toLowerCase()) : null;
    if (!row) throw notFound('referral');
    return row;
  }

  async list(partnershipId: string, query: PageQueryDto & { referrerKind?: ReferrerKind }): Promise<Page<ReferralRow>> {
    return readCreatedPage(
      query,
      (after, limit) => this.repo.list(partnershipId, { referrerKind: query.referrerKind, limit, after }),
      (r) => r,
    );
  }
}

function normaliseLocation(input: Omit<IncidentLocationInput, 'uprn'> | null, errors: InvalidField[]): ReferralLocation | null {
  if (!input) return null;
  const lsoaCode = input.lsoaCode?.trim().toUpperCase() || null;
  const wardCode = input.wardCode?.trim().toUpperCase() || null;
  const label = input.label?.trim() || null;
  if (lsoaCode && !LSOA_CODE.test(lsoaCode)) errors.push({ path: 'location.lsoaCode', message: 'lsoaCode must be an LSOA code such as W01001234' });
  if (wardCode && !WARD_CODE.test(wardCode)) errors.push({ path: 'location.wardCode', message: 'wardCode must be a ward code such as W05000987' });
  const lat = input.lat ?? null;
  const lng = input.lng ?? null;
  if ((lat === null) !== (lng === null)) errors.push({ path: 'location.lat', message: 'lat and lng go together' });
  if (!lsoaCode && !wardCode && !label) return null;
  return { lsoaCode, wardCode, label, lat, lng };
}
