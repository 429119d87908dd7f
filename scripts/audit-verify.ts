/**
 * Verifies the audit trail straight from PostgreSQL, without the api: every entry's stored text is
 * hashed again (by PostgreSQL, where the bytes are) and every link followed, so a board can check
 * the chain without trusting the application that wrote it.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ChainVerification, CheckpointCheck, CheckpointClaim, verifierConnectionsTo, verifyStoredAuditChain } from '@app/audit';

const HELP = `Usage: npm run audit:verify -- [--database-url <url>] [--checkpoint <seq>:<hash>]...

Checks the audit trail in the database directly (it does not need the api running and only
reads): every entry must follow the one before, point at its hash, and its stored canonical
text must hash to what it says, recomputed now; every column the application reads must still
be generated from that text. Then every checkpoint the boards recorded, and every --checkpoint given, must
name an entry of that unbroken chain that still has that hash; a checkpoint beyond the last
entry means entries were removed.

  --checkpoint <seq>:<hash>  a checkpoint kept outside the system, e.g. from a board's
                             checkpoint mail; give it as often as needed
  --database-url <url>       the database to check (default: DATABASE_URL, from the
                             environment or .env, else postgres://postgres@127.0.0.1:5432/dhr)
  --help                     this text

Exits 0 when the chain and every checkpoint verify, and 1 when anything does not (or it could
not check).`;

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/dhr';

class UsageError extends Error {}

function parseCheckpoint(text: string): CheckpointClaim {
  const match = /^(\d+):([0-9a-fA-F]{64})$/.exec(text);
  if (!match) throw new UsageError(`--checkpoint must be <seq>:<hash>, a whole number and a 64-character SHA-256 in hex; got ${text}`);
  return { seq: Number(match[1]), hash: match[2].toLowerCase() };
}

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: { checkpoint: { type: 'string', multiple: true }, 'database-url': { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  // Settings in a .env file beside the package count as if they were in the environment, as for the apps.
  if (!values['database-url'] && !process.env.DATABASE_URL && existsSync('.env')) process.loadEnvFile('.env');
  return {
    help: values.help === true,
    databaseUrl: values['database-url'] ?? (process.env.DATABASE_URL || DEFAULT_DATABASE_URL),
    kept: (values.checkpoint ?? []).map(parseCheckpoint),
  };
}

function describe(check: CheckpointCheck): string {
  const source = check.board ? `board ${check.board}` : 'given';
  return `  ${check.ok ? 'ok  ' : 'FAIL'}  entry ${check.seq}  ${check.hash}  (${source})${check.reason ? `: ${check.reason}` : ''}`;
}

function summary(result: ChainVerification): string {
  const lines = [
    result.firstBrokenSeq === null
      ? `Chain: ${result.entries} entries verified, unbroken. Head: entry ${result.entries}, hash ${result.headHash ?? '(none: the trail is empty)'}.`
      : result.reason
        ? `Chain: BROKEN: ${result.reason}.`
        : `Chain: BROKEN at entry ${result.firstBrokenSeq}: it does not follow from entry ${result.firstBrokenSeq - 1}, or its hash is not what its contents give. ${result.entries} entries before it verified.`,
  ];
  const failed = result.checkpoints.filter((check) => !check.ok).length;
  lines.push(
    result.checkpoints.length === 0
      ? 'Checkpoints: none recorded or given.'
      : `Checkpoints: ${result.checkpoints.length} checked, ${failed === 0 ? 'all match' : `${failed} FAILED`}.`,
  );
  lines.push(...result.checkpoints.map(describe));
  lines.push(result.ok ? 'Result: OK: the audit trail is intact.' : 'Result: FAILED: the audit trail has been changed or cut short.');
  return lines.join('\n');
}

async function main(): Promise<number> {
  let settings: ReturnType<typeof options>;
  try {
    settings = options(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 1;
  }
  if (settings.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  // Read only, in one snapshot for checkpoints and chain alike (see verifyStoredAuditChain).
  const result = await verifyStoredAuditChain(verifierConnectionsTo(settings.databaseUrl), settings.kept);
  process.stdout.write(`${summary(result)}\n`);
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`audit:verify could not check the trail: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
