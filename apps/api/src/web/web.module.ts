import { Module } from '@nestjs/common';
import { AnonymisationModule } from '@app/anonymisation';
import { ActionForms } from './action-forms';
import { BoardsModule } from '@app/boards';
import { DeadlinesModule } from '@app/deadlines';
import { DocumentsModule } from '@app/documents';
import { ExportsModule } from '@app/exports';
import { FamilyModule } from '@app/family';
import { ImportsModule } from '@app/imports';
import { IdentityModule } from '@app/identity';
import { MeetingsModule } from '@app/meetings';
import { NotificationsModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { ProceedingsModule } from '@app/proceedings';
import { RecommendationsModule } from '@app/recommendations';
import { RemindersModule } from '@app/reminders';
import { RetentionModule } from '@app/retention';
import { ReviewsModule } from '@app/reviews';
import { RulesetsModule } from '@app/rulesets';
import { ActionsPagesController } from './actions-pages.controller';
import { AgencyPagesController } from './agency-pages.controller';
import { AdminPagesController } from './admin-pages.controller';
import { ImportPagesController } from './import-pages.controller';
import { AnonymisationPagesController } from './anonymisation-pages.controller';
import { BoardsPagesController } from './boards-pages.controller';
import { MeetingsPagesController } from './meetings-pages.controller';
import { FamilyPagesController } from './family-pages.controller';
import { MyWorkController } from './my-work.controller';
import { ProceedingsPagesController } from './proceedings-pages.controller';
import { ReviewPages } from './page-models/review-page';
import { RetentionPagesController } from './retention-pages.controller';
import { ReviewsPagesController } from './reviews-pages.controller';
import { SignInController } from './sign-in.controller';
import { SignInSteps } from './sign-in-steps';
import { AccountPagesController } from './account-pages.controller';
import { AuthenticatorPageController } from './authenticator-page.controller';
import { CouncilSignInController } from './council-sign-in.controller';
import { TwoFactorPagesController } from './two-factor-pages.controller';
import { SignOffController } from './sign-off.controller';
import { StageNames } from './stage-names';

/**
 * The web pages people use. Mounted by the api app only (never the worker). Its controllers call
 * the same services the JSON controllers call: no business rule lives here.
 */
@Module({
  imports: [
    IdentityModule,
    PartnershipsModule,
    ReviewsModule,
    DeadlinesModule,
    RecommendationsModule,
    DocumentsModule,
    RulesetsModule,
    ExportsModule,
    BoardsModule,
    RemindersModule,
    NotificationsModule,
    RetentionModule,
    AnonymisationModule,
    MeetingsModule,
    ProceedingsModule,
    FamilyModule,
    ImportsModule,
  ],
  controllers: [
    SignInController,
    TwoFactorPagesController,
    AccountPagesController,
    AuthenticatorPageController,
    CouncilSignInController,
    MyWorkController,
    ReviewsPagesController,
    AgencyPagesController,
    SignOffController,
    ActionsPagesController,
    BoardsPagesController,
    AdminPagesController,
    ImportPagesController,
    RetentionPagesController,
    AnonymisationPagesController,
    MeetingsPagesController,
    ProceedingsPagesController,
    FamilyPagesController,
  ],
  providers: [StageNames, ActionForms, ReviewPages, SignInSteps],
})
export class WebModule {}
