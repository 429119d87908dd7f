import { Global, Module } from '@nestjs/common';
import { Environment, validateEnvironment } from './environment';

/** The validated environment as an injectable `Environment`, read when the app is built. */
@Global()
@Module({
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class AppConfigModule {}
