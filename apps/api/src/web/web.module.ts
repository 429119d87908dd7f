import { Module } from '@nestjs/common';
import { DeadlinesModule } from '@app/deadlines';
import { ExportsModule } from '@app/exports';
import { IdentityModule } from '@app/identity';
import { PartnershipsModule } from '@app/partnerships';
import { RecommendationsModule } from '@app/recommendations';
import { ReviewsModule } from '@app/reviews';
import { RulesetsModule } from '@app/rulesets';
import { ActionsPagesController } from './actions-pages.controller';
import { MyWorkController } from './my-work.controller';
import { ReviewsPagesController } from './reviews-pages.controller';
import { SignInController } from './sign-in.controller';
import { SignOffController } from './sign-off.controller';
import { StageNames } from './stage-names';

/**
 * The web pages people use. Mounted by the api app only (never the worker). Its controllers call
 * the same services the JSON controllers call: no business rule lives here.
 */
@Module({
  imports: [IdentityModule, PartnershipsModule, ReviewsModule, DeadlinesModule, RecommendationsModule, RulesetsModule, ExportsModule],
  controllers: [SignInController, MyWorkController, ReviewsPagesController, SignOffController, ActionsPagesController],
  providers: [StageNames],
})
export class WebModule {}
