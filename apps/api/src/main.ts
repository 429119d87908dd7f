import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AddressInfo } from 'node:net';
import { ensurePortFree, Environment, runMain, validateEnvironment } from '@app/config';
import { ensureDatabaseReachable, prepareDatabase } from '@app/database';
import { ensureRedisReachable } from '@app/queues';
import { ApiModule } from './api.module';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { configureApp } from './configure-app';
import { stopGracefully } from './graceful-stop';

async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  // What a person can fix is checked first, each stopping the start with one line (runMain).
  await ensurePortFree(env.PORT, 'PORT');
  await ensureDatabaseReachable(env.DATABASE_URL);
  await ensureRedisReachable(env.REDIS_URL);
  const applied = await prepareDatabase(env.DATABASE_URL);
  const app = configureApp(await NestFactory.create(ApiModule, { bufferLogs: true }));
  await app.listen(env.PORT);
  stopGracefully(app, env.SHUTDOWN_GRACE_SECONDS);
  const { port } = app.getHttpServer().address() as AddressInfo;
  // PUBLIC_URL unset: the port actually in use (PORT=0 picks one).
  if (!process.env.PUBLIC_URL) app.get(Environment).PUBLIC_URL = `http://localhost:${port}`;
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const lines = [`Statutory death reviews api: ${url}/api  (OpenAPI: ${url}/api/docs)`];
  if (applied.length) lines.push(`Migrations applied: ${applied.join(', ')}`);
  const demo = app.get(BootstrapService).demoLogins;
  for (const { partnership, logins } of demo) {
    lines.push(`Demo logins for ${partnership} (the password for each is the DEMO_PASSWORD setting: see .env or the README):`);
    for (const login of logins) lines.push(`  ${login.email.padEnd(28)} ${login.roles.join(', ')}`);
  }
  if (env.MAIL_VIEWER_URL) lines.push(`Mail the service sends (reminders, escalations) can be read at ${env.MAIL_VIEWER_URL}`);
  if (env.BOOTSTRAP_ADMIN_EMAIL) lines.push(`Bootstrap administrator: ${env.BOOTSTRAP_ADMIN_EMAIL}`);
  if (env.TOTP_REQUIRED_ROLES === 'none') lines.push('One-time codes are not required of any role (TOTP_REQUIRED_ROLES=none): never so in production');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

runMain(main);
