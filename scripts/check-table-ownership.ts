/**
 * Fails when a lib's SQL names a table or view another lib owns (ARCHITECTURE.md, "Data has one
 * owner"). Run by scripts/lint.sh; the rules and the ownership map are in scripts/table-ownership.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildOwnershipMap, findViolations, SourceFile, staleAllowances } from './table-ownership';

const root = join(__dirname, '..');

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(`Usage: npx ts-node --transpile-only scripts/check-table-ownership.ts [--map]

Reads every lib's TypeScript (libs/*/; tests and libs/database/migrations exempt), works out which
lib owns which table from the @Entity('table') decorators plus EXPLICIT_OWNERS (tables with no
entity) and PUBLISHED_VIEWS (views an owner publishes for others to read) in
scripts/table-ownership.ts, and fails listing file:line, lib, table and owner wherever a lib's SQL
(FROM / JOIN / INTO / UPDATE / DELETE FROM in string and template literals, and query-builder
calls such as .innerJoin('table', ...)) names another lib's table, or writes to another's view.
Lines in ALLOWED_VIOLATIONS (temporary, each marked TODO) pass; an entry that no longer matches fails.
  --map   print the ownership map too`);
  process.exit(0);
}

function tsFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files: SourceFile[] = tsFiles(join(root, 'libs')).map((path) => ({
  path: relative(root, path).split(sep).join('/'),
  text: readFileSync(path, 'utf8'),
}));
const owners = buildOwnershipMap(files);

if (process.argv.includes('--map')) {
  const byLib = new Map<string, string[]>();
  for (const [table, { owner, view }] of owners) byLib.set(owner, [...(byLib.get(owner) ?? []), view ? `${table} (view)` : table]);
  for (const [lib, tables] of [...byLib].sort()) console.log(`${lib}: ${tables.sort().join(', ')}`);
}

const violations = findViolations(files, owners);
const stale = staleAllowances(files, owners);
for (const v of violations) console.error(`${v.path}:${v.line}  lib ${v.lib} names ${v.table}, owned by ${v.owner}`);
for (const entry of stale) console.error(`allow-list entry no longer matches (remove it): ${entry.path} ${entry.table} "${entry.lineText}"`);
if (violations.length || stale.length) {
  console.error(`\n${violations.length} table-ownership violation(s). Read another lib's data through its exported service or a view its migration creates.`);
  process.exit(1);
}
console.log(`Table ownership: ${files.length} files, ${owners.size} tables and views, no lib names another's.`);
