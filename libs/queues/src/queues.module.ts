import { Module } from '@nestjs/common';
import { registerQueues } from './queues';
import { ReviewSignals } from './review-signals';

@Module({ imports: [registerQueues()], providers: [ReviewSignals], exports: [ReviewSignals, registerQueues()] })
export class QueuesModule {}
