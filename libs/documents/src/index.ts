export * from './document-storage';
export * from './documents.module';
export * from './documents.service';
export * from './dto/document.dto';
export * from './entities/document.entity';
export { FILE_TYPES, FILE_TYPE_NAMES } from './file-types';
export type { FileType } from './file-types';
export { sendVersion, versionNumber } from './document-response';
export { AnswerInformationRequestAction, AnswerInformationRequestBody, ANSWER_INFORMATION_REQUEST } from './answer-information-request.action';
