export * from './auth.decorators';
export * from './review-visibility';
export * from './roles';
