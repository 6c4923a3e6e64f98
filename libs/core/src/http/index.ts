export * from './problems';
export * from './problem.filter';
export * from './validation';
export * from './request-id';
export * from './http-app';
export * from './input-limits';
export * from './openapi-hardening';
export * from './refuses';
