/**
 * Where the API serves each kind of subject, so webhook payloads can link to
 * it (relative to the partnership: `/api/v1/partnerships/{id}/...`).
 */
const SUBJECT_PATHS: Record<string, string> = {
  flag: 'flags',
  problem: 'problems',
  meeting: 'meetings',
  action: 'actions',
  strategic_assessment: 'strategic-assessments',
  control_strategy: 'control-strategies',
  tasking_group: 'tasking-groups',
  webhook_subscription: 'webhooks',
};

export function subjectLink(publicUrl: string, partnershipId: string, subjectType: string, subjectId: string): string | null {
  const path = SUBJECT_PATHS[subjectType];
  return path ? `${publicUrl.replace(/\/$/, '')}/api/v1/partnerships/${partnershipId}/${path}/${subjectId}` : null;
}

export interface WebhookEventRow {
  id: string;
  partnershipId: string;
  type: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * The body of a delivery, per the Standard Webhooks payload structure:
 * `{ type, timestamp, data }`. Thin: event type, ids, states and links,
 * never personal data. `webhook-id` (the event id) identifies it.
 */
export function webhookPayload(event: WebhookEventRow, publicUrl: string): string {
  const links: Record<string, string> = {};
  const self = subjectLink(publicUrl, event.partnershipId, event.subjectType, event.subjectId);
  if (self) links.subject = self;
  const flagged =
    event.data.subjectType && event.data.subjectId
      ? subjectLink(publicUrl, event.partnershipId, String(event.data.subjectType), String(event.data.subjectId))
      : null;
  if (event.subjectType === 'flag' && flagged) links.flaggedSubject = flagged;
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.occurredAt).toISOString(),
    data: {
      eventId: event.id,
      partnershipId: event.partnershipId,
      subject: { type: event.subjectType, id: event.subjectId },
      ...event.data,
      links,
    },
  });
}
