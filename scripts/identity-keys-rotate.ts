/**
 * Wraps every partnership's identity data key again under the current key-encryption key
 * (IDENTITY_KEY_CURRENT), while the apps keep running: the data keys do not change, so nothing
 * sealed under them is touched and every name stays readable throughout.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { validateEnvironment } from '@app/config';
import { rotateAuditDataKeys } from '@app/audit';
import { keyringOf, rotateDataKeys } from '@app/identity-vault';

const HELP = `Usage: npm run identity-keys:rotate -- [--database-url <url>]

Rotates the key-encryption key of protected identities without stopping anything. Each
partnership's data key (in identity_data_keys), and each review's audit data key (in
audit_data_keys), is stored only wrapped under one of the keys in IDENTITY_KEYS; this wraps every
one again under IDENTITY_KEY_CURRENT, one row at a time, so the api and the worker read names
and audit trails throughout. Steps:

  1. Make a key: openssl rand -base64 32
  2. Add it to IDENTITY_KEYS (e.g. 2025a:<old>,2026a:<new>), set IDENTITY_KEY_CURRENT=2026a,
     and restart the apps one at a time (each reads both keys, so none stops serving).
  3. Run this, with the same IDENTITY_KEYS and IDENTITY_KEY_CURRENT.
  4. When it reports no key under the old one, take the old key out of IDENTITY_KEYS and
     restart the apps one at a time again.

Running it again is harmless: keys already under the current one are left alone.

  --database-url <url>  the database (default: DATABASE_URL, from the environment or .env,
                        else postgres://postgres@127.0.0.1:5432/dhr)
  --help                this text

Reads IDENTITY_KEYS and IDENTITY_KEY_CURRENT from the environment or .env. Exits 0 when every
data key is under the current key, 1 otherwise.`;

async function main(): Promise<number> {
  let values: { 'database-url'?: string; help?: boolean };
  try {
    values = parseArgs({ args: process.argv.slice(2), options: { 'database-url': { type: 'string' }, help: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Settings in a .env file beside the package count as if they were in the environment, as for the apps.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = validateEnvironment(process.env);
  const keyring = keyringOf(env);
  const client = new Client({ connectionString: values['database-url'] ?? env.DATABASE_URL });
  await client.connect();
  try {
    const run = async (sql: string, parameters: unknown[]) => (await client.query(sql, parameters)).rows;
    const result = await rotateDataKeys(run, keyring, new Date());
    const audit = await rotateAuditDataKeys(run, keyring, new Date());
    process.stdout.write(
      `Rotated: ${result.rewrapped} data key(s) wrapped again under ${result.currentKey}; ${result.alreadyCurrent} already were. ` +
        `Audit trail: ${audit.rewrapped} data key(s) wrapped again; ${audit.alreadyCurrent} already were. ` +
        `Every data key is now under ${result.currentKey}: other keys may be taken out of IDENTITY_KEYS.\n`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`identity-keys:rotate did not finish: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
