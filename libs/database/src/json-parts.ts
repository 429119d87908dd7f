import { createHash } from 'node:crypto';
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';

/**
 * Reading a page's many parts in one statement. Each part is a correlated sub-select that
 * PostgreSQL turns into JSON (`jsonArraySql`), written by the lib that owns its table and
 * composed into one statement by the lib that answers the request; the rows come back as
 * entities (`entitiesFromJson`) so the code that shapes the answer is unchanged. One statement
 * instead of twenty is one round trip, one plan and one scope check instead of twenty.
 */

/** A JSON array of the rows `from` gives (`<table> <alias> WHERE …`), each as its row, in `orderBy` order; `[]` when none. */
export function jsonArraySql(alias: string, from: string, orderBy: string): string {
  return `(SELECT coalesce(json_agg(${alias} ORDER BY ${orderBy}), '[]'::json) FROM ${from})`;
}

const TIMESTAMP_TYPES = new Set<unknown>(['timestamptz', 'timestamp with time zone', 'timestamp', 'timestamp without time zone', Date]);

/**
 * Entities of `target` from rows PostgreSQL wrote as JSON (column names as keys), typed as
 * TypeORM would have read them: instants become Dates, column transformers apply; dates,
 * numbers, arrays and JSON arrive as they do through the driver's own parsers.
 */
export function entitiesFromJson<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: unknown): T[] {
  if (!Array.isArray(rows)) return [];
  const metadata = manager.connection.getMetadata(target);
  return rows.map((row: Record<string, unknown>) => {
    const entity = metadata.create(manager.queryRunner) as T;
    for (const column of metadata.columns) {
      if (!(column.databaseName in row)) continue;
      let value = row[column.databaseName];
      if (value !== null && value !== undefined && TIMESTAMP_TYPES.has(column.type)) value = new Date(value as string);
      if (column.transformer) value = ApplyValueTransformers.transformFrom(column.transformer, value);
      column.setEntityValue(entity, value);
    }
    return entity;
  });
}

/** One entity from a JSON row, or null. */
export function entityFromJson<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, row: unknown): T | null {
  return row && typeof row === 'object' ? entitiesFromJson(manager, target, [row])[0] : null;
}

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs a statement as a named prepared statement on the manager's connection (the transaction's,
 * when there is one): PostgreSQL parses and plans it once per connection instead of on every
 * call, as TypeORM's unnamed statements are. The name is a digest of the text, so one text is one
 * prepared statement however many places send it. For the hot paths; `:name` parameters as
 * TypeORM takes them.
 */
export async function namedQuery<T = Record<string, unknown>>(manager: EntityManager, sql: string, parameters: ObjectLiteral = {}): Promise<T[]> {
  const [text, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters, {});
  return namedStatement<T>(manager, text, values);
}

/** The same with `$1`-style parameters already in place (what a query builder's `getQueryAndParameters` gives). */
export async function namedStatement<T = Record<string, unknown>>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const name = `q${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
  const queryRunner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const own = !manager.queryRunner;
  try {
    const client = (await queryRunner.connect()) as PgClient;
    const result = await client.query({ name, text, values });
    return result.rows as T[];
  } finally {
    if (own) await queryRunner.release();
  }
}
