export * from './domain-events';
export * from './outbox-event.entity';
export * from './outbox.service';
export * from './outbox.module';
