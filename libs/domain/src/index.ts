export * from './entities';
export * from './partnerships';
export * from './operations';
