export * from './config.module';
export * from './environment';
export * from './run-main';
export * from './startup';
export * from './identity-keys';
