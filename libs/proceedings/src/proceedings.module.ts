import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReviewsModule } from '@app/reviews';
import { RecordProceedingAction, UpdateProceedingAction } from './actions/proceeding-actions';
import { Proceeding } from './entities/proceeding.entity';
import { ProceedingsController } from './proceedings.controller';
import { ProceedingRecordedGuard } from './proceeding-recorded.guard';
import { ProceedingsService } from './proceedings.service';

/**
 * Parallel proceedings on a review (issue 16.2): recorded and updated with review actions, read
 * by the API and the web pages. A pause names the proceeding it waits for through the database
 * (`review_pauses.proceeding_id`, `proceeding_facts`): libs/reviews does not depend on this lib.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Proceeding]), ReviewsModule],
  controllers: [ProceedingsController],
  providers: [ProceedingsService, RecordProceedingAction, UpdateProceedingAction, ProceedingRecordedGuard],
  exports: [ProceedingsService],
})
export class ProceedingsModule {}
