export { ClamdReplyError, parseScanReply } from './clamd-protocol';
export * from './scanning.module';
export * from './virus-scanner';
