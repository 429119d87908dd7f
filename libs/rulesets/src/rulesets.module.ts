import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { PartnershipReviewType } from './entities/partnership-review-type.entity';
import { RulesetRecord } from './entities/ruleset.entity';
import { ReviewTypesController } from './review-types.controller';
import { RulesetsController } from './rulesets.controller';
import { RulesetsService } from './rulesets.service';

@Module({
  imports: [TypeOrmModule.forFeature([RulesetRecord, PartnershipReviewType]), AuditModule],
  providers: [RulesetsService],
  exports: [RulesetsService],
})
export class RulesetsModule {}

/** Rulesets and review-type settings over HTTP, in the api only: the worker serves nothing but /health. */
@Module({ imports: [RulesetsModule, AuditModule], controllers: [RulesetsController, ReviewTypesController], exports: [RulesetsModule] })
export class RulesetsApiModule {}
