import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import { withDatabase } from '../../libs/database/src/data-source';

/** The Postgres server the tests use; only databases whose names start dhr_test_ are touched. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE_PREFIX = 'dhr_test_';

export function testDatabaseUrl(name: string): string {
  if (!name.startsWith(TEST_DATABASE_PREFIX)) throw new Error(`Refusing to use a database not named ${TEST_DATABASE_PREFIX}*: ${name}`);
  return withDatabase(TEST_SERVER_URL, name);
}

/** The migrated template of this test run (set by the global setup). */
export function templateName(): string {
  const run = process.env.DHR_TEST_RUN;
  if (!run) throw new Error('DHR_TEST_RUN is not set: run the e2e tests through jest (npm test), whose global setup prepares the template database');
  return `${TEST_DATABASE_PREFIX}${run}_template`;
}

export async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the run's migrated template. */
export async function cloneTemplate(): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${process.env.DHR_TEST_RUN}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(3).toString('hex')}`;
  await onServer((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}"`));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  if (!name.startsWith(TEST_DATABASE_PREFIX)) throw new Error(`Refusing to drop ${name}`);
  await onServer((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Removes every Redis key a test file's queues left under its prefix. */
export async function dropQueues(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
