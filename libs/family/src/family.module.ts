import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnonymisationModule } from '@app/anonymisation';
import { AuditModule } from '@app/audit';
import { IdentityVaultModule } from '@app/identity-vault';
import { ReviewsModule } from '@app/reviews';
import { FamilyContact, FamilyMember, FamilyMemberIdentity, FamilyPublicationNotice } from './entities/family.entity';
import { FamilyToldOfPublicationGuard, RecordFamilyToldOfPublicationAction } from './family-told.action';
import { FamilyController } from './family.controller';
import { FamilyService } from './family.service';

/**
 * The family's part in a review (issue 16.1): members by pseudonym (real names kept apart and fed
 * to the anonymisation check), the contact log, and the rule that the family is told before
 * publication (the action `record-family-told-of-publication` and the guard `family-told-of-publication`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([FamilyMember, FamilyMemberIdentity, FamilyContact, FamilyPublicationNotice]),
    AuditModule,
    ReviewsModule,
    AnonymisationModule,
    IdentityVaultModule,
  ],
  providers: [FamilyService, RecordFamilyToldOfPublicationAction, FamilyToldOfPublicationGuard],
  exports: [FamilyService],
})
export class FamilyModule {}

/** The JSON API of the family record, mounted under /api. */
@Module({ imports: [FamilyModule], controllers: [FamilyController] })
export class FamilyApiModule {}
