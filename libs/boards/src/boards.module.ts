import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { IdentityModule } from '@app/identity';
import { PartnershipsModule } from '@app/partnerships';
import { BoardsController } from './boards.controller';
import { BoardsService } from './boards.service';

@Module({
  imports: [PartnershipsModule, IdentityModule, AuditModule],
  controllers: [BoardsController],
  providers: [BoardsService],
  exports: [BoardsService],
})
export class BoardsModule {}
