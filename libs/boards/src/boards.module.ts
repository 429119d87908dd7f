import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { RulesetsModule } from '@app/rulesets';
import { BoardAuditController } from './board-audit.controller';
import { BoardAuditService } from './board-audit.service';
import { BoardCheckpoints } from './board-checkpoints';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';
import { BoardDashboardService } from './dashboard/board-dashboard.service';
import { BoardCheckpoint } from './entities/board-checkpoint.entity';
import { BoardReportController } from './report/board-report.controller';
import { BoardReportService } from './report/board-report.service';
import { CheckpointSchedule, ScheduledCheckpoints } from './scheduled-checkpoints';

/** Recording a board's checkpoint, shared by a member's request (the api) and the schedule (the worker). */
@Module({
  imports: [TypeOrmModule.forFeature([BoardCheckpoint]), AuditModule, NotificationsModule],
  providers: [BoardCheckpoints],
  exports: [BoardCheckpoints],
})
export class BoardCheckpointsModule {}

@Module({
  imports: [
    TypeOrmModule.forFeature([BoardCheckpoint]),
    PartnershipsModule,
    IdentityModule,
    AuditModule,
    NotificationsModule,
    RulesetsModule,
    BoardCheckpointsModule,
  ],
  controllers: [BoardsController, BoardAuditController, BoardReportController],
  providers: [BoardsService, BoardAuditService, BoardReportService, BoardDashboardService],
  exports: [BoardsService, BoardReportService, BoardDashboardService],
})
export class BoardsModule {}

/** The scheduled checkpoints and their clock, in the worker (no routes). */
@Module({
  imports: [BoardCheckpointsModule, PartnershipsModule, AuditModule, NotificationsModule],
  providers: [ScheduledCheckpoints, CheckpointSchedule],
  exports: [ScheduledCheckpoints],
})
export class BoardsWorkerModule {}
