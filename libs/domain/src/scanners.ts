import type { ScannerDefinition } from './flags/scanner';
import { assessmentReviewDueSoonScanner, assessmentReviewOverdueScanner } from './assessments/assessment-scanners';
import { webhookSubscriptionDisabledScanner } from './notifications/webhook-scanner';
import { actionOverdueScanner } from './tasking/action-scanner';
import { problemUnevaluatedScanner } from './problems/problem-scanners';
import { controlStrategyStaleScanner } from './strategy/strategy-scanners';

/**
 * Every flag scanner, listed explicitly (like ENTITIES): each context that
 * owns a cause defines its scanner beside its entities and adds it here.
 * The worker schedules each; `cli scan` runs them on demand.
 */
export const SCANNERS: readonly ScannerDefinition[] = [
  assessmentReviewDueSoonScanner,
  assessmentReviewOverdueScanner,
  problemUnevaluatedScanner,
  controlStrategyStaleScanner,
  webhookSubscriptionDisabledScanner,
  actionOverdueScanner,
];
