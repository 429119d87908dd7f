export * from './review-visibility';
