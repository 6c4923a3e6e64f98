import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { FlagsModule } from '../flags';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxEventsRepository } from './outbox-events.repository';
import { OutboxRelayRepository } from './outbox-relay.repository';
import { OutboxService } from './outbox.service';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSubscriptionsRepository } from './webhook-subscriptions.repository';
import { WebhooksService } from './webhooks.service';

@Module({ providers: [OutboxEventsRepository, OutboxService], exports: [OutboxService] })
export class OutboxModule {}

/** Webhook subscriptions and deliveries as the API manages them. */
@Module({
  imports: [AuditModule, FlagsModule],
  providers: [WebhookSecrets, WebhookSubscriptionsRepository, WebhookDeliveriesRepository, WebhooksService],
  exports: [WebhooksService],
})
export class WebhooksModule {}

/** The worker's side: the relay (needs the cross-partnership connection), fan-out and delivery attempts. */
@Module({
  imports: [AuditModule, FlagsModule],
  providers: [WebhookSecrets, WebhookSubscriptionsRepository, WebhookDeliveriesRepository, WebhookDeliveryService, OutboxRelayRepository, OutboxRelayService],
  exports: [WebhookDeliveryService, OutboxRelayService],
})
export class WebhookDeliveryModule {}
