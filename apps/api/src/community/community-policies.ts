/** Every member reads engagements, issues, figures and (as their handling allows) intelligence. API keys: not in this version. */
export const COMMUNITY_READ = { roles: 'any' } as const;
/** Recording engagements and issues, deciding issues and answering them: analysts and chairs (admins always). */
export const COMMUNITY_RECORD = { roles: ['analyst', 'chair'] } as const;
/** Recording intelligence and its sources: analysts (admins always); the service then requires a member's role. */
export const INTELLIGENCE_CUSTODIANS = { roles: ['analyst'] } as const;
