/**
 * What the system flags. The first five are the kinds of the REST contract,
 * raised by the scanners of the contexts that own their causes;
 * `webhook_subscription_disabled` is raised when a subscription is disabled
 * after its receiver failed (HTTP 410 or every retry spent).
 */
export const FLAG_KINDS = [
  'assessment_review_overdue',
  'assessment_review_due_soon',
  'problem_unevaluated',
  'action_overdue',
  'control_strategy_stale',
  'webhook_subscription_disabled',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** How a flag was closed: its cause fixed in the same transaction, or found gone by a scan. */
export const FLAG_RESOLUTIONS = ['cause_fixed', 'scan'] as const;
export type FlagResolution = (typeof FLAG_RESOLUTIONS)[number];
