import { ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { namedStatement } from './json-parts';

/**
 * One page of a list and how many there are in all, in one statement: the total rides on each
 * row as a window count (`count(*) OVER ()`), worked out by the same scan that finds the page,
 * instead of a second statement that repeats the whole filter. Only a page past the end (no rows
 * to carry it) asks `countAll`, a copy of the query taken before its columns were chosen. The
 * page is a named prepared statement (json-parts `namedStatement`): lists are read on every page
 * view, and one plan per connection beats planning each time.
 */
export async function pageWithTotal<T extends Record<string, unknown>>(
  page: SelectQueryBuilder<ObjectLiteral>,
  countAll: SelectQueryBuilder<ObjectLiteral>,
  window: { offset: number; limit: number },
): Promise<{ rows: T[]; total: number }> {
  const [text, values] = page.addSelect('count(*) OVER ()', 'total_count').offset(window.offset).limit(window.limit).getQueryAndParameters();
  // The builder's own connection when it was made in a transaction (TypeORM keeps it protected).
  const manager = (page as unknown as { queryRunner?: QueryRunner }).queryRunner?.manager ?? page.connection.manager;
  const rows = await namedStatement<T & { total_count: string | number }>(manager, text, values);
  const total = rows.length ? Number(rows[0].total_count) : window.offset > 0 ? await countAll.getCount() : 0;
  return { rows, total };
}
