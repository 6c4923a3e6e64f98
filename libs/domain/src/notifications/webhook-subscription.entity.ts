import { Check, Column, Entity, Index } from 'typeorm';
import { PartnershipRecord } from '../partnerships/partnership.entity';
import { NullableColumn } from '../shared/columns';

export const WEBHOOK_DISABLED_REASONS = ['gone', 'retries_exhausted', 'manual'] as const;
export type WebhookDisabledReason = (typeof WEBHOOK_DISABLED_REASONS)[number];

/**
 * A partner system's subscription to the partnership's domain events. The
 * signing secret is stored encrypted (it must be readable to sign); it is
 * shown once, when the subscription is created.
 */
@Entity('webhook_subscriptions')
@Index('ix_webhook_subscriptions_partnership_created', ['partnershipId', 'createdAt', 'id'])
@Index('ix_webhook_subscriptions_active', ['partnershipId'], { where: '"disabled_at" IS NULL' })
@Index('ix_webhook_subscriptions_disabled', ['disabledAt'], { where: '"disabled_at" IS NOT NULL' })
@Check(
  'ck_webhook_subscriptions_disabled_reason',
  `"disabled_reason" IS NULL OR "disabled_reason" IN (${WEBHOOK_DISABLED_REASONS.map((r) => `'${r}'`).join(', ')})`,
)
@Check('ck_webhook_subscriptions_disabled', `("disabled_at" IS NULL) = ("disabled_reason" IS NULL)`)
export class WebhookSubscription extends PartnershipRecord {
  @Column('text')
  url: string;

  /** Event types delivered, or `['*']` for every type. */
  @Column('text', { array: true })
  events: string[];

  @NullableColumn('text')
  description: string | null;

  /** The signing secret (`whsec_...`), AES-256-GCM under WEBHOOK_SECRETS_KEY. */
  @Column('text')
  secretCiphertext: string;

  @NullableColumn('timestamptz')
  disabledAt: Date | null;

  @NullableColumn('text')
  disabledReason: WebhookDisabledReason | null;

  @NullableColumn('uuid')
  createdByUserId: string | null;

  @Column('int', { default: 1 })
  version: number;
}
