import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import { newestCreatedFirst, type CreatedPageRead } from '../shared/keyset';
import { SQL_UUIDV7 } from '../shared/sql';
import type { ReferrerKind } from './intake.constants';

export interface ReferralLocation {
  lsoaCode: string | null;
  wardCode: string | null;
  label: string | null;
  lat: number | null;
  lng: number | null;
}

/** A referral as it is given: who referred what, where, and who received it. */
export interface ReferralValues {
  referrerKind: ReferrerKind;
  referringAgency: string | null;
  description: string;
  category: string;
  location: ReferralLocation | null;
  receivedByType: string;
  receivedById: string;
}

/** A referral as stored, with the nomination it became. */
export interface ReferralRow extends ReferralValues {
  id: string;
  partnershipId: string;
  nominationId: string | null;
  nominationState: string | null;
  createdAt: Date;
}

const COLUMNS = `r.id, r.partnership_id AS "partnershipId", r.referrer_kind AS "referrerKind", r.referring_agency AS "referringAgency", r.description,
  r.category, r.location, r.received_by_type AS "receivedByType", r.received_by_id AS "receivedById", n.id AS "nominationId", n.state AS "nominationState",
  r.created_at AS "createdAt"`;

/** Every statement on referrals. */
@Injectable()
export class ReferralsRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insert(partnershipId: string, r: ReferralValues, now: Date): Promise<string> {
    const inserted = await this.tx.manager.query<{ id: string }[]>(
      `INSERT INTO referrals (id, partnership_id, referrer_kind, referring_agency, description, category, location, received_by_type, received_by_id, created_at, updated_at)
       VALUES (${SQL_UUIDV7}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
      [
        partnershipId,
        r.referrerKind,
        r.referringAgency,
        r.description,
        r.category,
        r.location ? JSON.stringify(r.location) : null,
        r.receivedByType,
        r.receivedById,
        now,
      ],
    );
    return oneRow(inserted, 'the new referral id').id;
  }

  async find(partnershipId: string, id: string): Promise<ReferralRow | null> {
    const [row] = await this.tx.manager.query<ReferralRow[]>(
      `SELECT ${COLUMNS} FROM referrals r LEFT JOIN nominations n ON n.referral_id = r.id AND n.partnership_id = r.partnership_id WHERE r.partnership_id = $1 AND r.id = $2`,
      [partnershipId, id],
    );
    return row ?? null;
  }

  async list(partnershipId: string, f: CreatedPageRead & { referrerKind?: ReferrerKind }): Promise<ReferralRow[]> {
    const where = ['r.partnership_id = $1'];
    const params: unknown[] = [partnershipId];
    if (f.referrerKind) where.push(`r.referrer_kind = $${params.push(f.referrerKind)}`);
    const order = newestCreatedFirst('r', f, where, params);
    return this.tx.manager.query<ReferralRow[]>(
      `SELECT ${COLUMNS} FROM referrals r LEFT JOIN nominations n ON n.referral_id = r.id AND n.partnership_id = r.partnership_id
        WHERE ${where.join(' AND ')} ${order}`,
      params,
    );
  }
}
