export * from './idempotency.errors';
export * from './idempotency-record.entity';
export * from './idempotency.service';
export * from './idempotency.module';
