export * from './boards.module';
export * from './boards.service';
export * from './dto/board.dto';
export * from './dto/board-audit.dto';
export * from './entities/board-checkpoint.entity';
