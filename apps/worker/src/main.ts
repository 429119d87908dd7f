import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { correlationIdMiddleware, ProblemDetailsFilter } from '@app/common';
import { ensurePortFree, runMain, validateEnvironment } from '@app/config';
import { ensureDatabaseReachable, prepareDatabase } from '@app/database';
import { ensureRedisReachable } from '@app/queues';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  // What a person can fix is checked first, each stopping the start with one line (runMain).
  await ensurePortFree(env.WORKER_PORT, 'WORKER_PORT');
  await ensureDatabaseReachable(env.DATABASE_URL);
  await ensureRedisReachable(env.REDIS_URL);
  await prepareDatabase(env.DATABASE_URL);
  const app = await NestFactory.create(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.use(correlationIdMiddleware);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  await app.listen(env.WORKER_PORT);
  process.stdout.write(`Worker running; health at ${(await app.getUrl()).replace('[::1]', 'localhost')}/health\n`);
}

runMain(main);
