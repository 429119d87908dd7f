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

/**
 * Runs a statement on the manager's connection (the transaction's, when there is one) and returns
 * its rows, with `:name` parameters as TypeORM takes them. Every connection the app takes makes a
 * statement with parameters a named prepared statement (tenancy.ts `prepareStatements`), so
 * PostgreSQL parses and plans it once per connection; this is for statements written out here
 * rather than built by TypeORM (the review's page, the account check).
 */
export async function namedQuery<T = Record<string, unknown>>(manager: EntityManager, sql: string, parameters: ObjectLiteral = {}): Promise<T[]> {
  const [text, values] = manager.connection.driver.escapeQueryWithParameters(sql, parameters, {});
  return (await manager.query(text, values)) as T[];
}
