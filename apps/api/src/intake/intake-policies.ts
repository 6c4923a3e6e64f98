/** Every member reads intake; API keys with incidents:read (or :write). */
export const INCIDENTS_READ = { roles: 'any', scopes: ['incidents:read'] } as const;
/** Analysts (and admins) push and import incidents and log referrals; API keys with incidents:write. */
export const INCIDENTS_WRITE = { roles: ['analyst'], scopes: ['incidents:write'] } as const;
/** Referrals are also logged by chairs (who hear them in meetings) and partners (whose agencies refer). */
export const REFERRALS_WRITE = { roles: ['analyst', 'chair', 'partner'], scopes: ['incidents:write'] } as const;
/** Deciding a nomination is the chair's, in a meeting, as a person. */
export const NOMINATION_DECIDE = { roles: ['chair'] } as const;
