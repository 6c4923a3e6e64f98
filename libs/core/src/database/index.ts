export * from './connection';
export * from './data-source-options';
export * from './bootstrap';
export * from './transaction-host';
export * from './migrator';
export * from './embedded';
export * from './naming';
export * from './server';
