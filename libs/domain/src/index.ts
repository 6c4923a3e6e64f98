export * from './entities';
export * from './partnerships';
export * from './operations';
export * from './identity';
export * from './audit';
export * from './notifications';
export * from './flags';
export * from './scanners';
