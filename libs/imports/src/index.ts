export * from './imports.module';
export * from './import-report';
export { ReviewImports } from './imports.service';
export { importUpload, IMPORT_FILE_LIMIT } from './imports.controller';
export { SHEETS, sheetByKey } from './sheets';
export type { Sheet, Column } from './sheets';
export { XLSX_MEDIA_TYPE } from './workbook';
