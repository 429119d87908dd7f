import { Client } from 'pg';
import { redactUrl, StartupError } from '@app/config';
import { withDatabase } from './data-source';

/** PostgreSQL's SQLSTATEs for a refused login: a wrong password, or no pg_hba.conf entry for the user. */
const REFUSED_LOGIN = ['28P01', '28000'];

/**
 * Checks, before start-up touches the database, that PostgreSQL answers at DATABASE_URL and
 * lets its user in; if not, a StartupError says what to change (never showing the password).
 */
export async function ensureDatabaseReachable(url: string, timeoutMs = 10000): Promise<void> {
  // The server's own database, as createDatabaseIfMissing uses: ours may not exist yet.
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (REFUSED_LOGIN.includes(code)) {
      throw new StartupError(`The database at ${redactUrl(url)} refused its user or password: correct them in DATABASE_URL.`);
    }
    // A five-character code is PostgreSQL answering with some other objection: start-up reports it as it comes.
    if (/^[0-9A-Z]{5}$/.test(code)) return;
    throw new StartupError(`Cannot reach the database at ${redactUrl(url)}: start PostgreSQL or set DATABASE_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
