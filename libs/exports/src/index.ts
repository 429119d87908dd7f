export * from './exports.module';
export * from './review-export.service';
