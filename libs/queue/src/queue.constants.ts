import type { DefaultJobOptions } from 'bullmq';

/** Every queue, by name. Producers anywhere; consumers only in apps/worker. */
export const QUEUES = {
  maintenance: 'maintenance',
  /** Flag scanners, one job per scanner kind. */
  flags: 'flags',
  /** Domain events relayed from the outbox (job id = outbox event id). */
  events: 'events',
  /** Webhook delivery attempts (job id = `<delivery id>.<attempt>`). */
  webhooks: 'webhooks',
  /** Intake: the repeat scanners (one job per kind) and file imports (job id = import id). */
  intake: 'intake',
  /** The materialised figures and the meeting packs (long jobs kept off the maintenance queue). */
  accountability: 'accountability',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

/**
 * Every job name, with the queue it travels on. The worker refuses to start
 * unless each name here has exactly one handler.
 */
export const JOBS = {
  heartbeat: { name: 'maintenance.heartbeat', queue: QUEUES.maintenance },
  purgeIdempotencyRecords: { name: 'maintenance.purge_idempotency_records', queue: QUEUES.maintenance },
  materialiseFigures: { name: 'accountability.materialise_figures', queue: QUEUES.accountability },
  buildMeetingPacks: { name: 'accountability.build_meeting_packs', queue: QUEUES.accountability },
  scan: { name: 'flags.scan', queue: QUEUES.flags },
  fanOut: { name: 'events.fan_out', queue: QUEUES.events },
  deliver: { name: 'webhooks.deliver', queue: QUEUES.webhooks },
  intakeScan: { name: 'intake.scan', queue: QUEUES.intake },
  importIncidents: { name: 'intake.import', queue: QUEUES.intake },
} as const satisfies Record<string, { name: string; queue: QueueName }>;
export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];

export const ALL_JOB_NAMES: readonly JobName[] = Object.values(JOBS).map((j) => j.name);

/** Job payloads carry ids only, never personal data: job data sits in Redis in clear text. */
export interface JobPayloads {
  'maintenance.heartbeat': { heartbeat: string };
  /** Deletes expired Idempotency-Key records of every partnership. */
  'maintenance.purge_idempotency_records': Record<string, never>;
  /** Recomputes every partnership's materialised quarterly figures (the oversight view). */
  'accountability.materialise_figures': Record<string, never>;
  /** Builds the meeting packs asked for, and those of meetings opened since their last build. */
  'accountability.build_meeting_packs': Record<string, never>;
  /** Runs one scanner kind across every partnership. */
  'flags.scan': { kind: string };
  /** Fans one outbox event out to the matching webhook subscriptions of its partnership. */
  'events.fan_out': { eventId: string; partnershipId: string };
  /** One attempt of one webhook delivery; `attempt` counts from 1 over the delivery's life. */
  'webhooks.deliver': { deliveryId: string; partnershipId: string; attempt: number };
  /** Runs one repeat scanner kind across every partnership. */
  'intake.scan': { kind: string };
  /** Imports one uploaded incident file. */
  'intake.import': { importId: string; partnershipId: string };
}

/** Stable ids of the recurring job schedulers (upserted at worker start). */
export const SCHEDULERS = {
  heartbeat: 'scheduler:maintenance.heartbeat',
  purgeIdempotencyRecords: 'scheduler:maintenance.purge_idempotency_records',
  materialiseFigures: 'scheduler:accountability.materialise_figures',
  buildMeetingPacks: 'scheduler:accountability.build_meeting_packs',
  /** Prefix of the one scheduler per scanner kind: `scheduler:flags.scan.<kind>`. */
  scanPrefix: 'scheduler:flags.scan.',
  /** Prefix of the one scheduler per repeat scanner kind: `scheduler:intake.scan.<kind>`. */
  intakeScanPrefix: 'scheduler:intake.scan.',
} as const;

export const scanSchedulerId = (kind: string): string => `${SCHEDULERS.scanPrefix}${kind}`;

/** The job id of a delivery attempt: the same attempt is never queued twice. */
export const deliveryJobId = (deliveryId: string, attempt: number): string => `${deliveryId}.${attempt}`;

/** One set of job options for every queue. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/** The same lock and stalled-job settings on every worker. */
export const WORKER_SETTINGS = {
  lockDuration: 30_000,
  stalledInterval: 30_000,
  maxStalledCount: 2,
} as const;
