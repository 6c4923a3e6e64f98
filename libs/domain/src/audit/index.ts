export * from './audit-event.entity';
export * from './audit-chain';
export * from './audit.service';
export * from './audit.module';
export * from './audit-checkpoint.entity';
export * from './audit-signer';
export * from './audit-sealer.service';
export * from './audit-chain.repository';
