import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FlagsModule } from '../flags/flags.module';
import { OutboxRelayService } from './outbox-relay.service';
import { OutboxService } from './outbox.service';
import { WebhookDeliveryService } from './webhook-delivery.service';
import { WebhookSecrets } from './webhook-secrets';
import { WebhooksService } from './webhooks.service';

@Module({ providers: [OutboxService], exports: [OutboxService] })
export class OutboxModule {}

/** Webhook subscriptions and deliveries as the API manages them. */
@Module({ imports: [AuditModule, FlagsModule], providers: [WebhookSecrets, WebhooksService], exports: [WebhooksService] })
export class WebhooksModule {}

/** The worker's side: the relay (needs the cross-partnership connection), fan-out and delivery attempts. */
@Module({
  imports: [AuditModule, FlagsModule],
  providers: [WebhookSecrets, WebhookDeliveryService, OutboxRelayService],
  exports: [WebhookDeliveryService, OutboxRelayService],
})
export class WebhookDeliveryModule {}
