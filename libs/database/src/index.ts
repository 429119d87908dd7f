export * from './data-source';
export * from './database.module';
export * from './prepare-database';
export * from './tenancy';
export * from './page-with-total';
export * from './reachable';
export * from './json-parts';
