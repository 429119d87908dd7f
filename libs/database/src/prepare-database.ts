import { Client } from 'pg';
import { databaseName, dataSourceOptions, withDataSource, withDatabase } from './data-source';

// Any fixed number works; it only has to be the same for every process that migrates.
const MIGRATION_LOCK = 7_402_164_001;

/**
 * Makes the database ready for the apps: creates it if it is missing, then applies pending
 * migrations while holding an advisory lock, so an api and a worker starting together (or two
 * replicas) never migrate at the same time. Returns the names of the migrations applied.
 */
export async function prepareDatabase(url: string): Promise<string[]> {
  await createDatabaseIfMissing(url);
  return withDataSource(dataSourceOptions(url, { asAppRole: false, poolSize: 1 }), async (dataSource) => {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'all' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  });
}

export async function createDatabaseIfMissing(url: string): Promise<boolean> {
  const name = databaseName(url);
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } catch (error) {
      // Another process created it between our look and our create: that is what we wanted.
      // (Postgres reports that race as "already exists" or as a unique violation on the catalogue.)
      if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
    }
    return true;
  } finally {
    await client.end();
  }
}
