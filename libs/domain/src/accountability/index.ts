export * from './figure-definitions';
export * from './suppression';
export * from './figure-quarter.entity';
export * from './meeting-pack.entity';
export * from './figures.service';
export * from './meeting-packs.service';
export * from './accountability.module';
