export * from './worker-heartbeat.entity';
export * from './heartbeat.service';
export * from './operations.module';
