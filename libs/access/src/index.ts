export * from './auth.decorators';
export * from './permissions';
export * from './review-visibility';
export * from './roles';
