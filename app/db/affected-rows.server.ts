/** The row count of a raw UPDATE (QueryTypes.UPDATE): a number from SQLite, a result header from mysql2. */
export function affectedRows(result: unknown): number {
  if (typeof result === 'number') return result;
  return Number((result as { affectedRows?: number } | null)?.affectedRows ?? 0);
}
