import { errorCatalogue } from '@app/core';

/** Refusals of the notifications context: webhook subscriptions and their deliveries. */
export const NotificationErrors = errorCatalogue('notifications', {
  webhookTargetRefused: {
    kind: 'invalid',
    summary: 'The webhook URL is not one webhooks may call: not an http(s) URL, carrying credentials, not resolving, or resolving to a non-public address.',
  },
  webhookDisabled: { kind: 'conflict', summary: 'The subscription is disabled; enable it (PATCH active: true) before redelivering.' },
  deliveryInProgress: { kind: 'conflict', summary: 'The delivery is already about to be attempted.' },
});
