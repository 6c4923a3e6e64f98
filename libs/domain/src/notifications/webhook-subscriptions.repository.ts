import { Injectable } from '@nestjs/common';
import { TransactionHost, VersionedRows, isUuid } from '@app/core';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { WebhookDisabledReason } from './webhook-subscription.entity';
import { WebhookSubscription } from './webhook-subscription.entity';

/** Every query on webhook_subscriptions. */
@Injectable()
export class WebhookSubscriptionsRepository {
  private readonly rows: VersionedRows<WebhookSubscription>;

  constructor(private readonly tx: TransactionHost) {
    this.rows = new VersionedRows(tx, WebhookSubscription, 'webhook subscription');
  }

  /** Writes a new subscription and returns it as stored. */
  insert(
    subscription: Pick<
      WebhookSubscription,
      'id' | 'partnershipId' | 'url' | 'events' | 'description' | 'secretCiphertext' | 'disabledAt' | 'disabledReason' | 'createdByUserId' | 'version'
    >,
  ): Promise<WebhookSubscription> {
    const repo = this.tx.manager.getRepository(WebhookSubscription);
    return repo.save(repo.create(subscription));
  }

  /** Newest first, after the keyset of the last one seen; `limit` rows at most. */
  page(partnershipId: string, query: { after?: { createdAt: string; id: string }; limit: number }): Promise<WebhookSubscription[]> {
    const qb = this.tx.manager.getRepository(WebhookSubscription).createQueryBuilder('s').where('s.partnership_id = :partnershipId', { partnershipId });
    if (query.after) qb.andWhere('(s.created_at, s.id) < (:createdAt, :id)', query.after);
    return qb.orderBy('s.created_at', 'DESC').addOrderBy('s.id', 'DESC').limit(query.limit).getMany();
  }

  /** The subscription, or null when the partnership has none with that id (also for a malformed id). */
  find(partnershipId: string, id: string): Promise<WebhookSubscription | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.tx.manager.getRepository(WebhookSubscription).findOneBy({ id: id.toLowerCase(), partnershipId });
  }

  /** Locks the subscription until the transaction ends: 404 when not the partnership's, 412 on another version. */
  lockForChange(partnershipId: string, id: string, expectedVersion?: number): Promise<WebhookSubscription> {
    return this.rows.lockForChange({ partnershipId, id }, expectedVersion);
  }

  /** Writes the changes and moves the version. */
  update(id: string, set: QueryDeepPartialEntity<WebhookSubscription>): Promise<void> {
    return this.rows.bumpVersion(id, set);
  }

  async delete(partnershipId: string, id: string): Promise<void> {
    await this.tx.manager.getRepository(WebhookSubscription).delete({ id, partnershipId });
  }

  /** Disables the subscription unless it already is; whether this call disabled it. */
  async disable(id: string, reason: WebhookDisabledReason, at: Date): Promise<boolean> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `WITH disabled AS (
         UPDATE webhook_subscriptions SET disabled_at = $2, disabled_reason = $3, version = version + 1, updated_at = $2
          WHERE id = $1 AND disabled_at IS NULL RETURNING id)
       SELECT id FROM disabled`,
      [id, at, reason],
    );
    return rows.length > 0;
  }
}
