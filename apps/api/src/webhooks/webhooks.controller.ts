import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { IdempotencyUnsupported } from '../common/idempotency.interceptor';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { CommonErrors } from '@app/core';
import { CurrentPrincipal, type Principal } from '@app/core/security';
import { PageQueryDto } from '@app/core/pagination';
import { NotificationErrors, WebhooksService } from '@app/domain/notifications';
import { Changing, IdParam, PartnershipId, type ChangeTarget } from '../common/edge';
import { Endpoint, resource } from '../common/endpoint';
import { pageOf } from '../common/page';
import { PARTNERSHIP_PARAM } from '../partnerships/partnerships.controller';
import {
  CreatedWebhookDto,
  CreateWebhookDto,
  DeliveryDto,
  DeliveryPageDto,
  DeliveryQueryDto,
  UpdateWebhookDto,
  WebhookDto,
  WebhookPageDto,
} from './webhooks.dto';

const WEBHOOK_PARAM = { name: 'webhookId', format: 'uuid' } as const;
const SUBSCRIPTION = resource('subscription', WEBHOOK_PARAM);
const WebhookId = () => IdParam('webhookId', 'webhook subscription');

const MANAGE = { scopes: ['webhooks:manage'] } as const;

/**
 * Webhook subscriptions: partner systems receive the partnership's domain
 * events, signed per the Standard Webhooks specification. Admins, or API
 * keys with `webhooks:manage`.
 */
@ApiTags('webhooks')
@ApiParam(PARTNERSHIP_PARAM)
@Controller('partnerships/:partnershipId/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Endpoint({ allow: MANAGE, summary: "List the partnership's webhook subscriptions (admins)", ok: WebhookPageDto })
  async list(@PartnershipId() partnershipId: string, @Query() query: PageQueryDto): Promise<WebhookPageDto> {
    return pageOf(await this.webhooks.list(partnershipId, query), WebhookDto.from);
  }

  @IdempotencyUnsupported('the response shows the signing secret once, and it is never stored in clear')
  @Post()
  @Endpoint({
    allow: MANAGE,
    summary: 'Subscribe a URL to domain events (admins)',
    description:
      'The signing secret is in the response, this once. Targets that resolve to non-public addresses are refused with 400 `webhook-target-refused`.',
    created: CreatedWebhookDto,
    refuses: [CommonErrors.validation, NotificationErrors.webhookTargetRefused],
  })
  async create(@PartnershipId() partnershipId: string, @CurrentPrincipal() principal: Principal, @Body() body: CreateWebhookDto): Promise<CreatedWebhookDto> {
    const { subscription, secret } = await this.webhooks.create(partnershipId, body, principal.userId ?? null);
    return { ...WebhookDto.from(subscription), secret };
  }

  @Get(':webhookId')
  @Endpoint({ allow: MANAGE, summary: 'Get a webhook subscription (admins)', params: [WEBHOOK_PARAM], ok: WebhookDto })
  async get(@PartnershipId() partnershipId: string, @WebhookId() id: string): Promise<WebhookDto> {
    const subscription = await this.webhooks.get(partnershipId, id);
    return WebhookDto.from(subscription);
  }

  @Patch(':webhookId')
  @Endpoint({
    allow: MANAGE,
    summary: 'Change a subscription, or re-enable it (admins)',
    description: '`active: true` re-enables a disabled subscription and closes its webhook_subscription_disabled flag. Honours If-Match.',
    changes: SUBSCRIPTION,
    ok: WebhookDto,
    refuses: [CommonErrors.validation, NotificationErrors.webhookTargetRefused, CommonErrors.preconditionFailed],
  })
  async update(
    @Changing('webhookId', 'webhook subscription') { partnershipId, id, expectedVersion }: ChangeTarget,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    const subscription = await this.webhooks.update(partnershipId, id, body, expectedVersion);
    return WebhookDto.from(subscription);
  }

  @Delete(':webhookId')
  @Endpoint({
    allow: MANAGE,
    summary: 'Delete a subscription and its delivery history (admins)',
    params: [WEBHOOK_PARAM],
    noContent: 'Deleted; nothing more is delivered to it.',
  })
  async remove(@PartnershipId() partnershipId: string, @WebhookId() id: string): Promise<void> {
    await this.webhooks.remove(partnershipId, id);
  }

  @Get(':webhookId/deliveries')
  @Endpoint({
    allow: MANAGE,
    summary: "A subscription's deliveries, newest first, with status and attempts (admins)",
    params: [WEBHOOK_PARAM],
    ok: DeliveryPageDto,
  })
  async deliveries(@PartnershipId() partnershipId: string, @WebhookId() id: string, @Query() query: DeliveryQueryDto): Promise<DeliveryPageDto> {
    return pageOf(await this.webhooks.listDeliveries(partnershipId, id, query), DeliveryDto.from);
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @Endpoint({
    allow: MANAGE,
    summary: 'Send a delivery again (admins)',
    description:
      'A finished delivery (succeeded or failed) gets one more attempt within seconds, with the same webhook-id; a delivery waiting ' +
      'for a retry is retried now. 409 while it is already about to be attempted, or when the subscription is disabled.',
    params: [WEBHOOK_PARAM, { name: 'deliveryId', format: 'uuid' }],
    accepted: DeliveryDto,
    refuses: [NotificationErrors.deliveryInProgress, NotificationErrors.webhookDisabled],
  })
  async redeliver(@PartnershipId() partnershipId: string, @WebhookId() id: string, @IdParam('deliveryId') deliveryId: string): Promise<DeliveryDto> {
    return DeliveryDto.from(await this.webhooks.redeliver(partnershipId, id, deliveryId));
  }
}
