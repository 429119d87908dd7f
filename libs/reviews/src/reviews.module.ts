import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { DeadlinesModule } from '@app/deadlines';
import { ROLES } from '@app/access';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { QueuesModule } from '@app/queues';
import { actionVocabularyOf, BUNDLED_RULESETS, rulesetFiles, RulesetsModule, RulesetsService } from '@app/rulesets';
import { Environment } from '@app/config';
import { Tenancy } from '@app/database';
import { ACTION_BODIES } from './actions/action-catalogue';
import { ReviewActions } from './actions/review-actions';
import { InformationRequest } from './entities/information-request.entity';
import { PanelMember } from './entities/panel-member.entity';
import { ReviewEvent } from './entities/review-event.entity';
import { ReviewPause } from './entities/review-pause.entity';
import { Review } from './entities/review.entity';
import { SignOff } from './entities/sign-off.entity';
import { ReviewGuards } from './review-guards';
import { ReviewViews } from './review-views';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';
import { Death, DeathIdentity, SUSPECT_RELATIONSHIPS } from './deaths/death.entity';
import { DeathsController } from './deaths/deaths.controller';
import { DeathsService } from './deaths/deaths.service';
import { ReviewContributor } from './entities/review-contributor.entity';
import { LINK_KINDS, ReviewLink } from './entities/review-link.entity';
import { ReviewNotice } from './entities/review-notice.entity';
import { ReviewPartner, ReviewPartnerSignOff } from './entities/review-partner.entity';
import { ReviewLinks } from './review-links';

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
    ]),
    AuditModule,
    DeadlinesModule,
    IdentityModule,
    PartnershipsModule,
    RulesetsModule,
    QueuesModule,
    NotificationsModule,
  ],
  controllers: [ReviewsController, DeathsController],
  providers: [ReviewsService, ReviewActions, ReviewViews, ReviewGuards, DeathsService, ReviewLinks],
  exports: [ReviewsService, ReviewGuards],
})
export class ReviewsModule implements OnModuleInit {
  constructor(
    private readonly rulesets: RulesetsService,
    private readonly env: Environment,
    private readonly tenancy: Tenancy,
  ) {}

  /**
   * The shipped rulesets, and any in RULESETS_DIR, are checked against every name this code
   * knows (actions and their bodies, guards, roles...), then stored.
   */
  onModuleInit(): Promise<void> {
    const extra = this.env.RULESETS_DIR ? rulesetFiles(this.env.RULESETS_DIR) : [];
    return this.tenancy.asSystem(() =>
      this.rulesets.install([...BUNDLED_RULESETS, ...extra], {
        actions: new Map(Object.entries(ACTION_BODIES).map(([name, body]) => [name, actionVocabularyOf(body)])),
        // The names ReviewGuards checks; listed here until it exports them itself.
        guards: new Set(['chair-appointed', 'sign-offs-complete', 'partner-sign-offs-complete', 'actions-complete', 'deadline-outstanding:<deadline>']),
        roles: new Set(ROLES),
        reviewDateFields: ['notifiedOn', 'decidedOn', 'chairAppointedOn', 'stageEnteredOn'],
        creationDateFields: ['notifiedOn', 'stageEnteredOn'],
        suspectRelationships: SUSPECT_RELATIONSHIPS,
        linkedReviewKinds: LINK_KINDS,
      }),
    );
  }
}
