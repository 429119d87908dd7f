export * from './proceedings.module';
export { ProceedingsService, proceedingView } from './proceedings.service';
export * from './dto/proceeding.dto';
export { Proceeding } from './entities/proceeding.entity';
export type { Hearing } from './entities/proceeding.entity';
export * from './proceeding-kinds';
export { RECORD_PROCEEDING, UPDATE_PROCEEDING, RecordProceedingAction, UpdateProceedingAction } from './actions/proceeding-actions';
