import { defineScanner } from '../flags';

/**
 * Subscriptions the system disabled (410 from the receiver, or every retry
 * spent) are flagged until someone re-enables or deletes them. The delivery
 * that disables a subscription raises the flag itself; this scanner is the
 * safety net, and resolves the flag once the subscription is active again.
 */
export const webhookSubscriptionDisabledScanner = defineScanner({
  kind: 'webhook_subscription_disabled',
  subjectType: 'webhook_subscription',
  index: 'ix_webhook_subscriptions_disabled',
  description: 'Webhook subscriptions disabled after their receiver failed',
  sql: `SELECT s.partnership_id, s.id AS subject_id, (s.disabled_at AT TIME ZONE 'Europe/London')::date AS due_date,
               s.id AS "subscriptionId", s.disabled_reason AS reason
          FROM webhook_subscriptions s
         WHERE s.disabled_at IS NOT NULL AND s.disabled_reason <> 'manual'`,
});
