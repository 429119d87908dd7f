export * from './boards.module';
export * from './boards.service';
export * from './dto/board.dto';
