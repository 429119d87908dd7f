import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The guardrails `npm test` runs (scripts/lint.sh) fail on a planted violation: the project's own
 * dependency rules and formatting, applied to a small tree written for the test. (The role-list
 * rule is shown in libs/access/src/permissions.spec.ts, table ownership in table-ownership.e2e-spec.ts.)
 */
const ROOT = join(__dirname, '..');
const BIN = (name: string) => join(ROOT, 'node_modules', '.bin', name);

function tree(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'guardrails-'));
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(folder, '.dependency-cruiser.cjs'));
  copyFileSync(join(ROOT, '.prettierrc.json'), join(folder, '.prettierrc.json'));
  const paths = { '@app/a': ['libs/a/src'], '@app/b': ['libs/b/src'] };
  files['tsconfig.json'] = JSON.stringify({ compilerOptions: { baseUrl: './', module: 'commonjs', paths } });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

/** Runs a tool in the folder: its exit code and what it printed. */
function run(folder: string, command: string, args: string[]): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(command, args, { cwd: folder, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const failed = error as { status: number; stdout: string; stderr: string };
    return { code: failed.status, output: `${failed.stdout}${failed.stderr}` };
  }
}

const cruise = (folder: string) => run(folder, BIN('depcruise'), ['apps', 'libs', 'test', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']);

describe('Guardrails', () => {
  const folders: string[] = [];
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('lets libs use each other through index.ts', () => {
    const folder = tree({
      'libs/a/src/index.ts': "export { b } from '@app/b';\n",
      'libs/b/src/index.ts': 'export const b = 1;\n',
      'apps/api/src/main.ts': "import { b } from '@app/a';\nexport const main = b;\n",
      'test/x.e2e-spec.ts': "import { b } from '@app/b';\nexport const t = b;\n",
    });
    folders.push(folder);
    expect(cruise(folder)).toEqual({ code: 0, output: expect.stringContaining('no dependency violations found') });
  });

  it('fails on a deep import between libs, a lib importing an app, an import cycle, and a test reaching past index.ts', () => {
    const folder = tree({
      'libs/a/src/index.ts': "export * from './x';\n",
      'libs/a/src/x.ts': "import { deep } from '../../b/src/deep';\nexport const x = deep;\n",
      'libs/b/src/index.ts': 'export const b = 1;\n',
      'libs/b/src/deep.ts': "import { main } from '../../../apps/api/src/main';\nexport const deep = main;\n",
      'libs/b/src/one.ts': "import { two } from './two';\nexport const one = two;\n",
      'libs/b/src/two.ts': "import { one } from './one';\nexport const two = () => one;\n",
      'apps/api/src/main.ts': 'export const main = 1;\n',
      'test/x.e2e-spec.ts': "import { x } from '../libs/a/src/x';\nexport const t = x;\n",
    });
    folders.push(folder);
    const { code, output } = cruise(folder);
    expect(code).not.toBe(0);
    expect(output).toContain('lib-through-index: libs/a/src/x.ts → libs/b/src/deep.ts');
    expect(output).toContain('libs-never-import-apps: libs/b/src/deep.ts → apps/api/src/main.ts');
    expect(output).toMatch(/no-cycles: libs\/b\/src\/(one|two)\.ts/);
    expect(output).toContain('outside-through-index: test/x.e2e-spec.ts → libs/a/src/x.ts');
  });

  it("fails on code not in prettier's style", () => {
    const folder = tree({ 'libs/a/src/index.ts': 'export const  a = {b:1}\n' });
    folders.push(folder);
    const { code, output } = run(folder, BIN('prettier'), ['--check', 'libs/a/src/index.ts']);
    expect(code).not.toBe(0);
    expect(output).toContain('libs/a/src/index.ts');
  });
});
