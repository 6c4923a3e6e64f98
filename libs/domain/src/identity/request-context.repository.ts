import { Injectable } from '@nestjs/common';
import { TransactionHost, oneRow } from '@app/core';
import type { Role } from '@app/core/security';

/** What `request_context()` answers (see its migration). */
export interface RequestContextRow {
  partnership: { id: string; code: string } | null;
  user: { disabled: boolean; platformAdmin: boolean; passwordChangedAtSeconds: number | null; oversightAll: boolean; oversightPartnershipIds: string[] } | null;
  membership: { role: Role; agencyId: string | null } | null;
  apiKey: { id: string; partnershipId: string; scopes: string[]; revoked: boolean } | null;
}

export interface RequestContextLookup {
  /** The route's partnership, by id or by code (at most one). */
  partnershipId?: string;
  partnershipCode?: string;
  userId?: string;
  apiKeyHash?: string;
  now: Date;
  /** last_used_at of the API key is written when older than this. */
  keyTouchAfterMs: number;
}

/**
 * The caller's context in one statement: it also sets the transaction's
 * tenant (the partnership found, or none) and user, so it runs first in the
 * request's transaction.
 */
@Injectable()
export class RequestContextRepository {
  constructor(private readonly tx: TransactionHost) {}

  async load(lookup: RequestContextLookup): Promise<RequestContextRow> {
    const rows = await this.tx.manager.query<{ context: RequestContextRow }[]>(
      `SELECT request_context($1::uuid, $2::text, $3::uuid, $4::text, $5::timestamptz, $6::interval) AS context`,
      [
        lookup.partnershipId ?? null,
        lookup.partnershipCode ?? null,
        lookup.userId ?? null,
        lookup.apiKeyHash ?? null,
        lookup.now,
        `${lookup.keyTouchAfterMs} milliseconds`,
      ],
    );
    return oneRow(rows, 'the request context').context;
  }
}
