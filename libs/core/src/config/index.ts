export * from './config';
export * from './config.module';
export { EnvironmentVariables } from './config.schema';
export * from './runtime-env';
