import { Injectable } from '@nestjs/common';
import { AggregateRepository, TransactionHost } from '@app/core';
import type { WebhookDisabledReason } from './webhook-subscription.entity';
import { WebhookSubscription } from './webhook-subscription.entity';
import { keysetRows } from '../shared/keyset';

/** Every query on webhook_subscriptions. */
@Injectable()
export class WebhookSubscriptionsRepository extends AggregateRepository<WebhookSubscription> {
  constructor(tx: TransactionHost) {
    super(tx, WebhookSubscription, 'webhook subscription');
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
    return keysetRows(qb, { column: 'created_at', order: 'DESC' }, query.after && { key: query.after.createdAt, id: query.after.id }, query.limit);
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
