export * from './actions/action-catalogue';
export * from './dto/create-review.dto';
export * from './dto/review.view';
export * from './entities/review.entity';
export * from './reviews.module';
export * from './reviews.service';
export { parseIfMatch } from './reviews.controller';
export { whoMayTake } from './review-access';
