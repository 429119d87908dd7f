export * from './disposal.service';
export * from './dto/retention.dto';
export * from './legal-holds.service';
export * from './retention-rules';
export * from './retention.module';
export * from './retention.service';
