import type { ScannerDefinition } from './flags/scanner';
import { webhookSubscriptionDisabledScanner } from './notifications/webhook-scanner';
import { actionOverdueScanner } from './tasking/action-scanner';

/**
 * Every flag scanner, listed explicitly (like ENTITIES): each context that
 * owns a cause defines its scanner beside its entities and adds it here.
 * The worker schedules each; `cli scan` runs them on demand.
 */
export const SCANNERS: readonly ScannerDefinition[] = [webhookSubscriptionDisabledScanner, actionOverdueScanner];
