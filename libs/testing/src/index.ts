export * from './test-database';
export * from './test-app';
export * from './statement-counter';
export * from './narrow';
