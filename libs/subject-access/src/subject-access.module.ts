import { Module } from '@nestjs/common';
import { AnonymisationModule } from '@app/anonymisation';
import { AuditModule } from '@app/audit';
import { ExportsModule } from '@app/exports';
import { FamilyModule } from '@app/family';
import { IdentityVaultModule } from '@app/identity-vault';
import { ReviewsModule } from '@app/reviews';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessService } from './subject-access.service';

/** Subject access: a person found by name across reviews, and all the product holds about them exported. No tables of its own. */
@Module({
  imports: [IdentityVaultModule, ReviewsModule, AnonymisationModule, FamilyModule, ExportsModule, AuditModule],
  providers: [SubjectAccessService],
  controllers: [SubjectAccessController],
})
export class SubjectAccessModule {}
