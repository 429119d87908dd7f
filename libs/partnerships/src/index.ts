export * from './agencies.controller';
export * from './entities/agency.entity';
export * from './entities/board.entity';
export * from './entities/partnership.entity';
export * from './partner-agencies';
export * from './partnerships.module';
export * from './partnerships.service';
