import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * One page of a list and how many there are in all, in one statement: the total rides on each
 * row as a window count (`count(*) OVER ()`), worked out by the same scan that finds the page,
 * instead of a second statement that repeats the whole filter. Only a page past the end (no rows
 * to carry it) asks `countAll`, a copy of the query taken before its columns were chosen.
 */
export async function pageWithTotal<T extends Record<string, unknown>>(
  page: SelectQueryBuilder<ObjectLiteral>,
  countAll: SelectQueryBuilder<ObjectLiteral>,
  window: { offset: number; limit: number },
): Promise<{ rows: T[]; total: number }> {
  const rows = await page
    .addSelect('count(*) OVER ()', 'total_count')
    .offset(window.offset)
    .limit(window.limit)
    .getRawMany<T & { total_count: string | number }>();
  const total = rows.length ? Number(rows[0].total_count) : window.offset > 0 ? await countAll.getCount() : 0;
  return { rows, total };
}
