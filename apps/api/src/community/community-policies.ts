/** Every member reads engagements and the issues raised; API keys with engagements:read (or :write). */
export const ENGAGEMENTS_READ = { roles: 'any', scopes: ['engagements:read'] } as const;
/** Recording engagements and issues and deciding issues: analysts and chairs (admins always); API keys with engagements:write. */
export const ENGAGEMENTS_RECORD = { roles: ['analyst', 'chair'], scopes: ['engagements:write'] } as const;
/** The public answer and its publication are a person's deliberate act: analysts and chairs (admins always), never an API key. */
export const ANSWER_PUBLISH = { roles: ['analyst', 'chair'] } as const;
/**
 * Every member reads intelligence as its handling allows; API keys with
 * intelligence:read (or :write) read P-coded items only, never a C-coded one.
 */
export const INTELLIGENCE_READ = { roles: 'any', scopes: ['intelligence:read'] } as const;
/** Recording intelligence: analysts (admins always); API keys with intelligence:write, P-coded items only. */
export const INTELLIGENCE_RECORD = { roles: ['analyst'], scopes: ['intelligence:write'] } as const;
/** Intelligence sources: the partnership's admins and analysts, as people (the service requires a member's role); no API keys. */
export const INTELLIGENCE_CUSTODIANS = { roles: ['analyst'] } as const;
/** The engaged-communities figures count engagements and intelligence: API keys need both read scopes. */
export const COMMUNITY_FIGURES_READ = { roles: 'any', scopes: ['engagements:read', 'intelligence:read'] } as const;
