import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { testDatabaseUrl } from './databases';

const run = promisify(execFile);

/** `npm run audit:verify` run as an operator would, against a test file's database: its exit code and what it printed. */
export async function auditVerifyCommand(databaseName: string, ...args: string[]): Promise<{ code: number; stdout: string }> {
  const command = ['run', '--silent', 'audit:verify', '--', '--database-url', testDatabaseUrl(databaseName), ...args];
  try {
    const { stdout } = await run('npm', command, { cwd: join(__dirname, '..', '..') });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
