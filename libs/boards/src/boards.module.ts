import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { NotificationsModule } from '@app/notifications';
import { PartnershipsModule } from '@app/partnerships';
import { BoardAuditController } from './board-audit.controller';
import { BoardAuditService } from './board-audit.service';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';
import { BoardCheckpoint } from './entities/board-checkpoint.entity';

@Module({
  imports: [TypeOrmModule.forFeature([BoardCheckpoint]), PartnershipsModule, IdentityModule, AuditModule, NotificationsModule],
  controllers: [BoardsController, BoardAuditController],
  providers: [BoardsService, BoardAuditService],
  exports: [BoardsService],
})
export class BoardsModule {}
