import { randomBytes } from 'node:crypto';
import { prepareDatabase } from '../../libs/database/src/prepare-database';
import { dropDatabase, onServer, TEST_DATABASE_PREFIX, templateName, testDatabaseUrl } from './databases';

/**
 * Builds this run's template database once, by running the real migrations; each test file
 * then clones it (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
 */
export default async function globalSetup(): Promise<void> {
  process.env.DHR_TEST_RUN = `${process.pid}${randomBytes(2).toString('hex')}`;
  // Databases left behind by a run that was killed: older than a day, so never a live run's.
  await onServer(async (client) => {
    const stale = await client.query(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 day'`,
      [`${TEST_DATABASE_PREFIX}%`],
    );
    for (const row of stale.rows) await dropDatabase(row.datname);
  });
  await prepareDatabase(testDatabaseUrl(templateName()));
}
