export * from './strategy.errors';
export * from './control-strategy.constants';
export * from './control-strategy.entity';
export * from './control-strategy-priority.entity';
export * from './control-strategies.service';
export * from './strategy-scanners';
export * from './strategy.module';
