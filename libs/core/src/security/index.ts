export * from './public.decorator';
export * from './access';
export * from './principal';
export * from './request-context';
export * from './allow.decorator';
export * from './current-principal.decorator';
export * from './key-files';
