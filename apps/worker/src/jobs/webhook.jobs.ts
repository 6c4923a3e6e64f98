import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { isUuid } from '@app/core';
import { WebhookDeliveryService, type AttemptOutcome } from '@app/domain/notifications';
import { JOBS, type JobPayloads } from '@app/queue';
import { JobHandler } from './job-handler.decorator';
import { WorkerProducers } from './producers';

/** Relayed events become deliveries; deliveries become attempts. */
@Injectable()
export class WebhookJobs {
  constructor(
    private readonly deliveries: WebhookDeliveryService,
    private readonly producers: WorkerProducers,
  ) {}

  @JobHandler(JOBS.fanOut.name)
  async fanOut(job: Job<JobPayloads['events.fan_out']>): Promise<{ deliveries: number }> {
    const { eventId, partnershipId } = job.data ?? {};
    if (!isUuid(String(eventId)) || !isUuid(String(partnershipId))) throw new UnrecoverableError('events.fan_out needs { eventId, partnershipId }');
    const due = await this.deliveries.fanOut(partnershipId, eventId);
    await this.producers.addDeliveries(due);
    return { deliveries: due.length };
  }

  @JobHandler(JOBS.deliver.name)
  async deliver(job: Job<JobPayloads['webhooks.deliver']>): Promise<AttemptOutcome> {
    const { deliveryId, partnershipId, attempt } = job.data ?? {};
    if (!isUuid(String(deliveryId)) || !isUuid(String(partnershipId)) || !Number.isInteger(attempt) || attempt < 1) {
      throw new UnrecoverableError('webhooks.deliver needs { deliveryId, partnershipId, attempt }');
    }
    const outcome = await this.deliveries.attempt(partnershipId, deliveryId, attempt);
    if (outcome.outcome === 'retry') {
      // If this add fails, the delivery is overdue in the database and the dispatcher queues it.
      await this.producers.addDeliveries([{ id: deliveryId, partnershipId, attempt: outcome.nextAttempt, delayMs: outcome.delayMs }]);
    }
    return outcome;
  }
}
