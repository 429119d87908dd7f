import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { PartnershipsModule } from '@app/partnerships';
import { ReviewsModule } from '@app/reviews';
import { ReviewImportRecord } from './entities/review-import.entity';
import { ImportsController } from './imports.controller';
import { ReviewImports } from './imports.service';

/** Reviews already under way brought in from a partnership's spreadsheet (issue 17.1). */
@Module({
  imports: [TypeOrmModule.forFeature([ReviewImportRecord]), AuditModule, IdentityModule, PartnershipsModule, ReviewsModule],
  providers: [ReviewImports],
  exports: [ReviewImports],
})
export class ImportsModule {}

/** The JSON API of imports, mounted under /api. */
@Module({ imports: [ImportsModule], controllers: [ImportsController] })
export class ImportsApiModule {}
