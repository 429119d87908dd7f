/**
 * Data has one owner (ARCHITECTURE.md): a lib's SQL names only the tables and views it owns.
 * The ownership map comes from each lib's TypeORM `@Entity('table')` decorators plus the short
 * explicit list below (tables with no entity, and the views a lib publishes for others to read).
 * The scan is pure (file texts in, violations out) so a test can plant one; the command line is
 * scripts/check-table-ownership.ts.
 */
import * as ts from 'typescript';

export interface SourceFile {
  /** Path relative to the project folder, with forward slashes, e.g. `libs/boards/src/boards.service.ts`. */
  path: string;
  text: string;
}

/** Table or view name → the lib that owns it, and whether it is a view published for others to read. */
export type OwnershipMap = ReadonlyMap<string, Owned>;

export interface Owned {
  owner: string;
  view: boolean;
}

export interface Violation {
  path: string;
  line: number;
  lib: string;
  table: string;
  owner: string;
}

/** Tables with no entity (libs/database/migrations creates every table, so the owner is named here). */
export const EXPLICIT_OWNERS: Readonly<Record<string, string>> = {
  reference_counters: 'reviews',
  audit_journal: 'audit',
  audit_data_keys: 'audit',
  identity_data_keys: 'identity-vault',
  reminder_log: 'reminders',
  reminder_schedule: 'reminders',
  document_blobs: 'documents',
  document_chunks: 'documents',
};

/**
 * Views a lib publishes for others to read (libs/database/migrations/1764838800000-owned-read-views.ts):
 * any lib may read them (FROM, JOIN); only the owner names them anywhere else.
 */
export const PUBLISHED_VIEWS: Readonly<Record<string, string>> = {
  review_facts: 'reviews',
  review_appointments: 'reviews',
  review_contributions: 'reviews',
  information_request_facts: 'reviews',
  review_pause_periods: 'reviews',
  review_stage_moves: 'reviews',
  death_facts: 'reviews',
  board_sign_off_votes: 'reviews',
  recommendation_action_facts: 'recommendations',
  action_update_facts: 'recommendations',
  recommendation_facts: 'recommendations',
  deadline_facts: 'deadlines',
  board_memberships: 'partnerships',
  agency_facts: 'partnerships',
  partnership_facts: 'partnerships',
  priority_facts: 'partnerships',
  user_contacts: 'identity',
  board_checkpoint_claims: 'boards',
  document_facts: 'documents',
  meeting_action_facts: 'meetings',
  proceeding_facts: 'proceedings',
};

/**
 * Lines that still name another lib's table while their file is being restructured elsewhere.
 * Each entry is exact (file, table, the line's trimmed text) so it cannot hide a new violation;
 * remove it as soon as the line calls the owner's service.
 */
export interface AllowedViolation {
  path: string;
  table: string;
  /** The offending line's text, trimmed; the entry stops matching when the line changes. */
  lineText: string;
  reason: string;
}

/** Lines allowed to name another lib's table for now, each with its reason; none today. */
export const ALLOWED_VIOLATIONS: readonly AllowedViolation[] = [];

/** The lib a path belongs to (`libs/<lib>/…`), or undefined for apps, tests and scripts. */
export function libOf(path: string): string | undefined {
  return /^libs\/([^/]+)\//.exec(path)?.[1];
}

/** Whether a file is one the check reads: a lib's non-test TypeScript, migrations exempt. */
export function isScanned(path: string): boolean {
  return /^libs\/[^/]+\/.+\.ts$/.test(path) && !/\.(spec|e2e-spec)\.ts$/.test(path) && !path.startsWith('libs/database/migrations/') && !path.endsWith('.d.ts');
}

/** The ownership map: `@Entity('name')` in each lib's files, then the explicit list. */
export function buildOwnershipMap(
  files: readonly SourceFile[],
  explicit: Readonly<Record<string, string>> = EXPLICIT_OWNERS,
  views: Readonly<Record<string, string>> = PUBLISHED_VIEWS,
): Map<string, Owned> {
  const owners = new Map<string, Owned>();
  const claim = (table: string, lib: string, where: string, view = false) => {
    const previous = owners.get(table);
    if (previous && (previous.owner !== lib || previous.view !== view))
      throw new Error(`${table} is claimed twice: by ${previous.owner} and by ${lib} (${where})`);
    owners.set(table, { owner: lib, view });
  };
  for (const file of files) {
    const lib = libOf(file.path);
    if (!lib) continue;
    for (const match of file.text.matchAll(/@(?:Entity|ViewEntity)\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) claim(match[1], lib, file.path);
  }
  for (const [table, lib] of Object.entries(explicit)) claim(table, lib, 'EXPLICIT_OWNERS');
  for (const [view, lib] of Object.entries(views)) claim(view, lib, 'PUBLISHED_VIEWS', true);
  return owners;
}

interface NamedTable {
  table: string;
  /** Only read (FROM, JOIN), as opposed to written (INTO, UPDATE, DELETE FROM, TABLE). */
  read: boolean;
  /** Offset into the file's text. */
  at: number;
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
// Upper-case keywords only: SQL here is written that way, and prose in messages ("read from the
// board") then never looks like a statement.
const KEYWORD = /\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?/g;
const NOT_AN_ALIAS = new Set([
  'WHERE',
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'OUTER',
  'FULL',
  'CROSS',
  'ON',
  'USING',
  'GROUP',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'SET',
  'VALUES',
  'RETURNING',
  'FOR',
  'WINDOW',
  'HAVING',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'LATERAL',
  'NATURAL',
  'AND',
  'OR',
]);

/** Table names a piece of SQL text names after FROM/JOIN/INTO/UPDATE (and `FROM a x, b y`). */
export function tablesInSql(sql: string): { table: string; offset: number; read: boolean }[] {
  const found: { table: string; offset: number; read: boolean }[] = [];
  const readIdent = (from: number): { name: string; end: number } | undefined => {
    IDENT.lastIndex = from;
    const match = IDENT.exec(sql);
    return match ? { name: match[0], end: IDENT.lastIndex } : undefined;
  };
  const skipSpace = (from: number) => {
    while (from < sql.length && /\s/.test(sql[from])) from++;
    return from;
  };
  for (const match of sql.matchAll(KEYWORD)) {
    let position = match.index + match[0].length;
    for (;;) {
      const table = readIdent(position);
      if (!table) break;
      // `schema.table` is not used here; a following dot means `alias.column`, not a table.
      if (sql[table.end] === '.' || sql[table.end] === '(') break;
      const deleting = match[1] === 'FROM' && /\bDELETE\s+$/.test(sql.slice(0, match.index));
      found.push({ table: table.name.toLowerCase(), offset: position, read: (match[1] === 'FROM' || match[1] === 'JOIN') && !deleting });
      if (match[1] !== 'FROM') break;
      // FROM a [AS] x, b y: read past the alias and follow a comma.
      position = skipSpace(table.end);
      let alias = readIdent(position);
      if (alias?.name.toUpperCase() === 'AS') {
        position = skipSpace(alias.end);
        alias = readIdent(position);
      }
      if (alias && !NOT_AN_ALIAS.has(alias.name.toUpperCase())) position = skipSpace(alias.end);
      if (sql[position] !== ',') break;
      position = skipSpace(position + 1);
    }
  }
  return found;
}

// TypeORM's query builder names a table by a string in these calls' first argument.
const BUILDER_TABLE_METHODS = new Set([
  'from',
  'innerJoin',
  'leftJoin',
  'innerJoinAndSelect',
  'leftJoinAndSelect',
  'innerJoinAndMapOne',
  'leftJoinAndMapOne',
  'innerJoinAndMapMany',
  'leftJoinAndMapMany',
  'into',
  'update',
  'delete',
]);

/** Every table a TypeScript file's literals and query-builder calls name. */
export function tablesNamedIn(file: SourceFile): NamedTable[] {
  const source = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const named: NamedTable[] = [];
  const scanLiteral = (text: string, start: number) => {
    for (const hit of tablesInSql(text)) named.push({ table: hit.table, at: start + hit.offset, read: hit.read });
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      scanLiteral(node.text, node.getStart(source) + 1);
    } else if (ts.isTemplateExpression(node)) {
      // Substitutions become a neutral placeholder, so `FROM ${x} y` names nothing.
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      scanLiteral(parts.join(' $sub '), node.getStart(source) + 1);
      for (const span of node.templateSpans) visit(span.expression);
      return;
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && BUILDER_TABLE_METHODS.has(node.expression.name.text)) {
      const first = node.arguments[0];
      if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) && /^[a-z_][a-z0-9_]*$/.test(first.text)) {
        const method = node.expression.name.text;
        named.push({ table: first.text, at: first.getStart(source) + 1, read: method === 'from' || /Join/.test(method) });
        node.arguments.slice(1).forEach(visit);
        visit(node.expression);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return named;
}

/** Every place a lib's SQL names a table or view another lib owns, less the explicit allow-list. */
export function findViolations(files: readonly SourceFile[], owners: OwnershipMap, allowed: readonly AllowedViolation[] = ALLOWED_VIOLATIONS): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    if (!isScanned(file.path)) continue;
    const lib = libOf(file.path)!;
    const lines = file.text.split('\n');
    const lineStarts: number[] = [];
    let offset = 0;
    for (const line of lines) {
      lineStarts.push(offset);
      offset += line.length + 1;
    }
    const lineAt = (at: number) => {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (lineStarts[mid] <= at) low = mid;
        else high = mid - 1;
      }
      return low + 1;
    };
    const seen = new Set<string>();
    for (const { table, at, read } of tablesNamedIn(file)) {
      const owned = owners.get(table);
      if (!owned || owned.owner === lib || (owned.view && read)) continue;
      const owner = owned.owner;
      const line = lineAt(at);
      const key = `${line}:${table}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const lineText = lines[line - 1].trim();
      if (allowed.some((entry) => entry.path === file.path && entry.table === table && entry.lineText === lineText)) continue;
      violations.push({ path: file.path, line, lib, table, owner });
    }
  }
  return violations.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.table.localeCompare(b.table));
}

/** Allow-list entries that no longer match anything: the line was fixed or changed, so drop them. */
export function staleAllowances(
  files: readonly SourceFile[],
  owners: OwnershipMap,
  allowed: readonly AllowedViolation[] = ALLOWED_VIOLATIONS,
): AllowedViolation[] {
  const unfiltered = findViolations(files, owners, []);
  const textOf = new Map(files.map((file) => [file.path, file.text.split('\n')]));
  return allowed.filter(
    (entry) => !unfiltered.some((v) => v.path === entry.path && v.table === entry.table && textOf.get(v.path)?.[v.line - 1].trim() === entry.lineText),
  );
}
