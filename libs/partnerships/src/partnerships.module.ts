import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesController, PartnershipsDirectoryController } from './agencies.controller';
import { Agency } from './entities/agency.entity';
import { Board } from './entities/board.entity';
import { BoardMember } from './entities/board-member.entity';
import { Priority } from './entities/priority.entity';
import { Partnership } from './entities/partnership.entity';
import { PartnershipsService } from './partnerships.service';
import { PrioritiesController } from './priorities.controller';

/** Partnerships, their agencies, boards and priorities, for any app (no routes). */
@Module({
  imports: [TypeOrmModule.forFeature([Partnership, Agency, Board, BoardMember, Priority])],
  providers: [PartnershipsService],
  exports: [PartnershipsService],
})
export class PartnershipsModule {}

/** Agencies, the partnerships' directory and priorities over HTTP, in the api only: the worker serves nothing but /health. */
@Module({ imports: [PartnershipsModule], controllers: [AgenciesController, PartnershipsDirectoryController, PrioritiesController] })
export class PartnershipsApiModule {}
