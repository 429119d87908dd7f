import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';
import { DeadlineExtension } from './entities/deadline-extension.entity';
import { Deadline } from './entities/deadline.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Deadline, DeadlineExtension])],
  controllers: [DeadlinesController],
  providers: [DeadlinesService],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
