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

@Module({
  imports: [TypeOrmModule.forFeature([Partnership, Agency, Board, BoardMember, Priority])],
  controllers: [AgenciesController, PartnershipsDirectoryController, PrioritiesController],
  providers: [PartnershipsService],
  exports: [PartnershipsService],
})
export class PartnershipsModule {}
