export * from './intake.constants';
export * from './intake.entities';
export * from './incident-rules';
export * from './incidents.repository';
export * from './incidents.service';
export * from './subject-keys';
export * from './intake.module';
