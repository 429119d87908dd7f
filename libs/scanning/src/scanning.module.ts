import { Module } from '@nestjs/common';
import { VirusScanner } from './virus-scanner';

/** The virus scanner (clamd). Needs the validated `Environment` (AppConfigModule, global). */
@Module({
  providers: [VirusScanner],
  exports: [VirusScanner],
})
export class ScanningModule {}
