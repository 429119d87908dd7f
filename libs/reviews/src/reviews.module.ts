import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { DeadlinesModule } from '@app/deadlines';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { QueuesModule } from '@app/queues';
import { BUNDLED_RULESETS, rulesetFiles, RulesetsModule, RulesetsService } from '@app/rulesets';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { IdentityVaultModule } from '@app/identity-vault';
import { DiscoveryModule } from '@nestjs/core';
import { REVIEW_ACTIONS } from './actions';
import { Appointing } from './actions/appointing';
import { REVIEW_GUARDS } from './guards/review-guards';
import { ActionPipeline } from './pipeline/action-pipeline';
import { ActionRegistry } from './pipeline/action-registry';
import { ReviewAccessPort } from './review-access-port';
import { ReviewDisposal } from './review-disposal';
import { ReviewConnections } from './review-connections.service';
import { ReviewIntake } from './review-intake.service';
import { ReviewImport } from './review-import';
import { ReviewQueries } from './review-queries.service';
import { SignOffStatus } from './sign-off-status';
import { InformationRequest } from './entities/information-request.entity';
import { PanelMember } from './entities/panel-member.entity';
import { ReviewEvent } from './entities/review-event.entity';
import { ReviewPause } from './entities/review-pause.entity';
import { Review } from './entities/review.entity';
import { SignOff } from './entities/sign-off.entity';
import { NextSteps } from './next-step';
import { ReviewViews } from './review-views';
import { ReviewsController } from './reviews.controller';
import { DeathIdentities } from './deaths/death-identities';
import { Death, DeathIdentity } from './deaths/death.entity';
import { DeathsController } from './deaths/deaths.controller';
import { DeathsService } from './deaths/deaths.service';
import { ReviewContributor } from './entities/review-contributor.entity';
import { ReviewLink } from './entities/review-link.entity';
import { ReviewNotice } from './entities/review-notice.entity';
import { ReviewPartner, ReviewPartnerSignOff } from './entities/review-partner.entity';
import { ReviewLinks } from './review-links';
import { TimeRequest } from './entities/time-request.entity';
import { QaChange } from './entities/qa-change.entity';
import { InformationRequests } from './information-requests';
import { TimeRequestMail } from './actions/time-requests.action';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Review,
      ReviewEvent,
      PanelMember,
      InformationRequest,
      ReviewPause,
      SignOff,
      Death,
      DeathIdentity,
      ReviewNotice,
      ReviewPartner,
      ReviewPartnerSignOff,
      ReviewContributor,
      ReviewLink,
      TimeRequest,
      QaChange,
    ]),
    DiscoveryModule,
    AuditModule,
    DeadlinesModule,
    IdentityModule,
    PartnershipsModule,
    RulesetsModule,
    QueuesModule,
    NotificationsModule,
    IdentityVaultModule,
  ],
  controllers: [ReviewsController, DeathsController],
  providers: [
    ActionRegistry,
    ActionPipeline,
    ReviewIntake,
    ReviewImport,
    ReviewQueries,
    ReviewConnections,
    ReviewAccessPort,
    ReviewDisposal,
    ReviewViews,
    NextSteps,
    SignOffStatus,
    Appointing,
    DeathsService,
    DeathIdentities,
    ReviewLinks,
    InformationRequests,
    TimeRequestMail,
    ...REVIEW_ACTIONS,
    ...REVIEW_GUARDS,
  ],
  exports: [
    NextSteps,
    ReviewImport,
    ActionRegistry,
    ActionPipeline,
    InformationRequests,
    ReviewIntake,
    ReviewQueries,
    ReviewConnections,
    ReviewAccessPort,
    ReviewDisposal,
    SignOffStatus,
  ],
})
export class ReviewsModule implements OnModuleInit {
  constructor(
    private readonly rulesets: RulesetsService,
    private readonly env: Environment,
    private readonly tenancy: Tenancy,
    private readonly registry: ActionRegistry,
  ) {}

  /**
   * The shipped rulesets, and any in RULESETS_DIR, are checked against every name this code
   * knows (actions and their bodies, guards, roles...), then stored.
   */
  onModuleInit(): Promise<void> {
    const extra = this.env.RULESETS_DIR ? rulesetFiles(this.env.RULESETS_DIR) : [];
    return this.tenancy.asSystem(() => this.rulesets.install([...BUNDLED_RULESETS, ...extra], this.registry.vocabulary()));
  }
}
