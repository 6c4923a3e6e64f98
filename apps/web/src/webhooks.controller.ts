import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Schemas } from '@app/api-client';
import { DOMAIN_EVENTS } from '@app/domain/notifications/domain-events';
import { FormErrors, list, required, text, type FormBody } from './forms';
import { partnershipContext, requireAdmin, type PartnershipContext } from './partnership-context';
import { Web, type WebRequest } from './web';

type EventFilter = Schemas['CreateWebhookDto']['events'][number];

/** The event types a subscription may choose, as the API names them (`*`: every one); the type checks them against the API's. */
export const WEBHOOK_EVENTS = ['*', ...DOMAIN_EVENTS] as const satisfies readonly EventFilter[];

const FINISHED = ['succeeded', 'failed', 'retrying'];

/** Webhook subscriptions for partner systems: list, subscribe (the secret shown once), disable, delete, and the deliveries. */
@Controller('p/:code/admin/webhooks')
export class WebhooksController {
  constructor(private readonly web: Web) {}

  private async admin(req: WebRequest, code: string): Promise<PartnershipContext> {
    const ctx = await partnershipContext(this.web, req, code);
    requireAdmin(ctx);
    return ctx;
  }

  @Get()
  async list(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    return this.showList(req, reply, await this.admin(req, code));
  }

  private async showList(req: WebRequest, reply: FastifyReply, ctx: PartnershipContext, extra: Record<string, unknown> = {}, status = 200) {
    const page = this.web.ok(await ctx.api.GET('/api/v1/partnerships/{partnershipId}/webhooks', { params: { path: ctx.path, query: { limit: 100 } } }));
    return this.web.render(
      req,
      reply,
      'governance/webhooks',
      { ctx, section: 'nav.admin', webhooks: page.items, events: WEBHOOK_EVENTS, values: {}, chosen: [], ...extra },
      status,
    );
  }

  @Post()
  async create(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string) {
    const ctx = await this.admin(req, code);
    const body = (req.body ?? {}) as FormBody;
    const errors = new FormErrors();
    const url = required(body, 'url', errors, ctx.i18n, 'webhooks.urlName');
    const events = list(body, 'events').filter((e): e is EventFilter => (WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (!events.length) errors.add('events', ctx.i18n.t('error.choose', { field: ctx.i18n.t('webhooks.eventsName') }));
    if (!errors.any) {
      const description = text(body, 'description');
      const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/webhooks', {
        params: { path: ctx.path },
        body: { url, events: events.includes('*') ? ['*'] : events, ...(description ? { description } : {}) },
      });
      // The secret is shown on this answer only: never kept by the console, never in a redirect.
      if (result.data) return this.showList(req, reply, ctx, { created: result.data, flash: null });
      this.web.okUnlessInvalid(result);
      const slug = (result.error as { type?: string } | undefined)?.type?.split('/').pop();
      errors.add('url', ctx.i18n.t(slug === 'webhook-target-refused' ? 'webhooks.targetRefused' : 'webhooks.urlInvalid'));
    }
    return this.showList(req, reply, ctx, { errors, values: body, chosen: list(body, 'events') }, 400);
  }

  @Get(':id')
  async show(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await this.admin(req, code);
    const path = { ...ctx.path, webhookId: id };
    const [webhook, deliveries] = await Promise.all([
      ctx.api.GET('/api/v1/partnerships/{partnershipId}/webhooks/{webhookId}', { params: { path } }).then((r) => this.web.ok(r)),
      ctx.api
        .GET('/api/v1/partnerships/{partnershipId}/webhooks/{webhookId}/deliveries', { params: { path, query: { limit: 25 } } })
        .then((r) => this.web.ok(r)),
    ]);
    return this.web.render(req, reply, 'governance/webhook', { ctx, section: 'nav.admin', webhook, deliveries: deliveries.items, redeliverable: FINISHED });
  }

  @Post(':id/disable')
  async disable(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    return this.setActive(req, reply, code, id, false);
  }

  @Post(':id/enable')
  async enable(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    return this.setActive(req, reply, code, id, true);
  }

  private async setActive(req: WebRequest, reply: FastifyReply, code: string, id: string, active: boolean) {
    const ctx = await this.admin(req, code);
    this.web.ok(
      await ctx.api.PATCH('/api/v1/partnerships/{partnershipId}/webhooks/{webhookId}', { params: { path: { ...ctx.path, webhookId: id } }, body: { active } }),
    );
    await this.web.flash(req, active ? 'webhooks.enabled' : 'webhooks.disabled');
    return this.web.redirect(reply, `${ctx.base}/admin/webhooks/${id}`);
  }

  @Post(':id/delete')
  async remove(@Req() req: WebRequest, @Res() reply: FastifyReply, @Param('code') code: string, @Param('id') id: string) {
    const ctx = await this.admin(req, code);
    this.web.ok(await ctx.api.DELETE('/api/v1/partnerships/{partnershipId}/webhooks/{webhookId}', { params: { path: { ...ctx.path, webhookId: id } } }));
    await this.web.flash(req, 'webhooks.deleted');
    return this.web.redirect(reply, `${ctx.base}/admin/webhooks`);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  async redeliver(
    @Req() req: WebRequest,
    @Res() reply: FastifyReply,
    @Param('code') code: string,
    @Param('id') id: string,
    @Param('deliveryId') deliveryId: string,
  ) {
    const ctx = await this.admin(req, code);
    const result = await ctx.api.POST('/api/v1/partnerships/{partnershipId}/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver', {
      params: { path: { ...ctx.path, webhookId: id, deliveryId } },
    });
    if (result.response.status !== 409) this.web.ok(result);
    await this.web.flash(req, result.response.ok ? 'webhooks.redelivering' : 'webhooks.redeliverRefused');
    return this.web.redirect(reply, `${ctx.base}/admin/webhooks/${id}#deliveries`);
  }
}
