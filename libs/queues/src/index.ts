export * from './queues';
export * from './queues.module';
export * from './review-signals';
export * from './reachable';
