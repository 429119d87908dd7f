import { dropDatabase, onServer, TEST_DATABASE_PREFIX } from './databases';

export default async function globalTeardown(): Promise<void> {
  const run = process.env.DHR_TEST_RUN;
  if (!run) return;
  await onServer(async (client) => {
    const mine = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_DATABASE_PREFIX}${run}%`]);
    for (const row of mine.rows) await dropDatabase(row.datname);
  });
}
