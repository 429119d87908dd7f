import { EntityManager } from 'typeorm';

/** People's names by id, from the identity library's published view (for "set by", "placed by"). */
export async function namesOf(tx: EntityManager, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await tx.query(`SELECT id, name FROM user_contacts WHERE id = ANY ($1::uuid[])`, [wanted]);
  return new Map(rows.map((row) => [row.id, row.name]));
}
