export * from './partnership.constants';
export * from './partnership.entity';
export * from './agency.entity';
export * from './local-authority.entity';
export * from './partnerships.service';
export * from './reference-data.service';
export * from './partnerships.module';
export * from './reference-data/wales';
