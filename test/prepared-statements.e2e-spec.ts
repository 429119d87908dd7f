import { Client } from 'pg';
import { PgConnection, prepareStatements } from '@app/database';
import { TEST_SERVER_URL } from './support/databases';

/**
 * Every statement with parameters the app sends through TypeORM becomes a named prepared
 * statement on its connection (libs/database tenancy.ts), so PostgreSQL plans it once per
 * connection (issue 19). A connection keeps a bounded number; these tests hold a real connection
 * to both: prepared once, reused, and the least recently used let go without breaking anything.
 */
describe('Prepared statements on each connection', () => {
  let client: Client;
  const prepared = async () => Number((await client.query('SELECT count(*) AS n FROM pg_prepared_statements')).rows[0].n);

  beforeEach(async () => {
    client = new Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
  });
  afterEach(() => client.end());

  it('prepares a statement with parameters once and reuses it; sends one without parameters as it is', async () => {
    prepareStatements(client as unknown as PgConnection, 10);
    for (let i = 0; i < 3; i++) expect((await client.query('SELECT $1::int + 1 AS n', [i])).rows[0].n).toBe(i + 1);
    expect(await prepared()).toBe(1);
    const [statement] = (await client.query('SELECT statement FROM pg_prepared_statements')).rows;
    expect(statement.statement).toBe('SELECT $1::int + 1 AS n');
    await client.query('SELECT 1');
    expect(await prepared()).toBe(1);
  });

  it('keeps at most its limit, letting the least recently used go, and prepares a forgotten one again', async () => {
    prepareStatements(client as unknown as PgConnection, 5);
    const run = (k: number) => client.query(`SELECT $1::int * ${k} AS n`, [2]).then((result) => result.rows[0].n as number);
    for (let k = 1; k <= 5; k++) expect(await run(k)).toBe(2 * k);
    // Statement 1 used again: it is now the most recent, so statement 2 goes first.
    expect(await run(1)).toBe(2);
    for (let k = 6; k <= 8; k++) expect(await run(k)).toBe(2 * k);
    expect(await prepared()).toBe(5);
    const kept = (await client.query('SELECT statement FROM pg_prepared_statements ORDER BY statement')).rows.map((row) => row.statement as string);
    expect(kept).toEqual([1, 5, 6, 7, 8].map((k) => `SELECT $1::int * ${k} AS n`).sort());
    // A statement let go is prepared again when next sent, and answers as before.
    expect(await run(2)).toBe(4);
    expect(await prepared()).toBe(5);
  });
});
