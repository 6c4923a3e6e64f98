/** Every member reads; API keys with tasking:read (or :write). */
export const TASKING_READ = { roles: 'any', scopes: ['tasking:read'] } as const;
/** Recording a meeting's minutes and making actions: analysts (the minute-takers) and chairs; API keys with tasking:write. */
export const TASKING_RECORD = { roles: ['analyst', 'chair'], scopes: ['tasking:write'] } as const;
