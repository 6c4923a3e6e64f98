export * from './flags.errors';
export * from './flag-kinds';
export * from './flag.entity';
export * from './scanner';
export * from './flags.service';
export * from './flag-scan.service';
export * from './flags.module';
