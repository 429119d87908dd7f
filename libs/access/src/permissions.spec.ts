import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Allow, REQUIRED_ROLES } from './auth.decorators';
import { can, PERMISSION_NAMES, PERMISSIONS, rolesWith } from './permissions';
import { Role, ROLES } from './roles';

describe('PERMISSIONS', () => {
  it('names only roles that exist, each at most once, and gives every permission someone', () => {
    for (const name of PERMISSION_NAMES) {
      const roles: readonly string[] = PERMISSIONS[name];
      expect(roles.length).toBeGreaterThan(0);
      expect(new Set(roles).size).toBe(roles.length);
      for (const role of roles) expect(ROLES).toContain(role);
    }
  });

  it('names each permission in the business words: lower-case words joined by hyphens', () => {
    for (const name of PERMISSION_NAMES) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});

describe('can', () => {
  it('holds when any one of the person’s roles holds the permission', () => {
    expect(can({ roles: [Role.CspChair] }, 'log-notification')).toBe(true);
    expect(can({ roles: [Role.PanelMember, Role.CspManager] }, 'log-notification')).toBe(true);
    expect(can({ roles: [Role.Auditor] }, 'see-every-review-of-partnership')).toBe(true);
    expect(can({ roles: [Role.Administrator] }, 'administer-users')).toBe(true);
  });

  it('does not hold for roles the table leaves out, nor for no roles or unknown ones', () => {
    expect(can({ roles: [Role.Auditor] }, 'log-notification')).toBe(false);
    expect(can({ roles: [Role.CspManager] }, 'administer-users')).toBe(false);
    expect(can({ roles: [] }, 'read-board-report')).toBe(false);
    expect(can({ roles: ['king'] }, 'read-board-report')).toBe(false);
  });
});

describe('rolesWith', () => {
  it('gives the roles holding the permission, in the table’s order', () => {
    expect(rolesWith('link-reviews')).toEqual([Role.CspManager, Role.CspChair, Role.IndependentChair]);
    expect(rolesWith('administer-users')).toEqual([Role.Administrator]);
  });

  it('gives a copy, so a caller cannot change who holds a permission', () => {
    rolesWith('administer-users').push(Role.Auditor);
    expect(rolesWith('administer-users')).toEqual([Role.Administrator]);
    expect(can({ roles: [Role.Auditor] }, 'administer-users')).toBe(false);
  });
});

describe('@Allow', () => {
  it('marks the route with the roles holding the permission, which the auth guard checks and names in a refusal', () => {
    @Allow('manage-outbox')
    class OutboxRoutes {}
    expect(Reflect.getMetadata(REQUIRED_ROLES, OutboxRoutes)).toEqual([Role.Administrator]);
  });
});

/**
 * Lints text with the repository's own eslint.config.mjs through ESLint's Node API. In a child
 * process: ESLint loads that ES module config with import(), which Jest's sandbox refuses.
 */
function lintWithRepositoryConfig(cases: { code: string; filePath: string }[]): string[][] {
  const root = join(__dirname, '..', '..', '..');
  const script = `
    import { readFileSync } from 'node:fs';
    import { ESLint } from 'eslint';
    const cases = JSON.parse(readFileSync(0, 'utf8'));
    const eslint = new ESLint({ overrideConfigFile: 'eslint.config.mjs' });
    const found = [];
    for (const { code, filePath } of cases) {
      const [result] = await eslint.lintText(code, { filePath });
      found.push(result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(found));`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, input: JSON.stringify(cases), encoding: 'utf8' });
  return JSON.parse(output) as string[][];
}

describe('the lint rule against role lists outside libs/access', () => {
  const planted = [
    "import { Role } from '@app/access';",
    'export const CASE_OFFICERS: ReadonlyArray<string> = [Role.CspManager, Role.CspChair];',
    'export const mayLog = (roles: string[]) => roles.some((role) => role === Role.CspManager || role === Role.CspChair);',
    'export const mayAdminister = (roles: string[]) => roles.includes(Role.Administrator) || roles.includes(Role.Auditor);',
    'declare function Roles(...roles: Role[]): ClassDecorator;',
    '@Roles(Role.CspManager, Role.Auditor)',
    'export class SomeController {}',
    '',
  ].join('\n');
  const single = [
    "import { Role } from '@app/access';",
    "export const demo = [{ email: 'chair@review.example', roles: [Role.IndependentChair] }];",
    'export const isChair = (roles: string[]) => roles.includes(Role.IndependentChair);',
    '',
  ].join('\n');
  let inOtherLib: string[];
  let singleRoles: string[];
  let inAccess: string[];

  beforeAll(() => {
    [inOtherLib, singleRoles, inAccess] = lintWithRepositoryConfig([
      { code: planted, filePath: 'libs/boards/src/x.ts' },
      { code: single, filePath: 'libs/boards/src/x.ts' },
      { code: planted, filePath: 'libs/access/src/x.ts' },
    ]);
  }, 120_000);

  it('fails an array, a decorator call and an || chain of roles in another lib', () => {
    expect(inOtherLib).toHaveLength(4);
    for (const message of inOtherLib) expect(message).toContain('A list of roles belongs in PERMISSIONS (libs/access/src/permissions.ts)');
  });

  it('lets one role stand alone, where it says what a person is', () => {
    expect(singleRoles).toEqual([]);
  });

  it('passes the same text inside libs/access, where the table lives', () => {
    expect(inAccess).toEqual([]);
  });
});
