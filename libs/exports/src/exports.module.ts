import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { FamilyModule } from '@app/family';
import { RecommendationsModule } from '@app/recommendations';
import { ReviewsModule } from '@app/reviews';
import { RulesetsModule } from '@app/rulesets';
import { ReviewExportController } from './review-export.controller';
import { ReviewExportService } from './review-export.service';

@Module({
  imports: [ReviewsModule, RecommendationsModule, AuditModule, FamilyModule, RulesetsModule],
  controllers: [ReviewExportController],
  providers: [ReviewExportService],
  exports: [ReviewExportService],
})
export class ExportsModule {}
