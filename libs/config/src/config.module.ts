import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Environment, validateEnvironment } from './environment';

/**
 * The validated environment as an injectable `Environment`. @nestjs/config reads process.env
 * (and a .env file if one is present) and our class checks it, failing fast with every bad name.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ validate: validateEnvironment, cache: true, isGlobal: true })],
  providers: [{ provide: Environment, useFactory: () => validateEnvironment(process.env) }],
  exports: [Environment],
})
export class AppConfigModule {}
