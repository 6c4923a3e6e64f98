/**
 * The domain events integrations can subscribe to. Each is written to the
 * outbox in the same transaction as the change it reports, then relayed to
 * webhook subscriptions by the worker.
 */
export const DOMAIN_EVENTS = [
  'flag.raised',
  'flag.resolved',
  'problem.created',
  'problem.stage_changed',
  'meeting.closed',
  'action.created',
  'action.updated',
  'strategic_assessment.approved',
  'strategic_assessment.reviewed',
  'control_strategy.published',
  'engagement.recorded',
  'you_said_we_did.published',
  'nomination.created',
  'nomination.decided',
  'incident_import.completed',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENTS)[number];
