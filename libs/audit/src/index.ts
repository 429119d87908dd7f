export * from './audit-chain';
export * from './audit-hash';
export * from './audit.module';
export * from './audit.service';
export * from './dto/audit.view';
export * from './entities/audit-entry.entity';
export * from './audit-chainer';
export * from './audit-journal';
