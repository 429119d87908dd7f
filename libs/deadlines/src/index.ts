export * from './deadline-rules';
export * from './deadlines.module';
export * from './deadlines.service';
export * from './dto/deadline.view';
export * from './entities/deadline.entity';
