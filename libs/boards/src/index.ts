export * from './boards.module';
export * from './boards.service';
export * from './dto/board.dto';
export * from './dto/board-audit.dto';
export * from './entities/board-checkpoint.entity';
export * from './report/board-report.dto';
export * from './report/board-report.service';
export * from './report/quarter';
