import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { DeadlinesModule } from '@app/deadlines';
import { IdentityModule } from '@app/identity';
import { PartnershipsModule } from '@app/partnerships';
import { QueuesModule } from '@app/queues';
import { ReviewsModule } from '@app/reviews';
import { RulesetsModule } from '@app/rulesets';
import { ActionUpdate, RecommendationAction } from './entities/recommendation-action.entity';
import { Recommendation } from './entities/recommendation.entity';
import { ActionsController, RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';
import { ActionsCompleteGuard } from './actions-complete.guard';

@Module({
  imports: [
    TypeOrmModule.forFeature([Recommendation, RecommendationAction, ActionUpdate]),
    ReviewsModule,
    PartnershipsModule,
    IdentityModule,
    DeadlinesModule,
    AuditModule,
    QueuesModule,
    RulesetsModule,
  ],
  controllers: [RecommendationsController, ActionsController],
  providers: [RecommendationsService, ActionsCompleteGuard],
  exports: [RecommendationsService],
})
export class RecommendationsModule {}
