import { Global, Module } from '@nestjs/common';
import { Clock, SystemClock } from './clock';

/** Provides the Clock everywhere; tests override the `Clock` token with one they move by hand. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
