import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { correlationIdMiddleware, ProblemDetailsFilter } from '@app/common';
import { runMain, validateEnvironment } from '@app/config';
import { prepareDatabase } from '@app/database';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
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
