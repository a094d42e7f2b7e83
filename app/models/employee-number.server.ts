/**
 * Employee numbers the system assigns: `E` and at least six digits (E000001, …, E999999, then E1000000), taken
 * from the `employee_number` counter (app/db/migrations/007-employee-number-counter.server.ts) inside the
 * transaction that inserts the employee. Numbers that a CSV import or the seed gave are kept as given; the counter
 * steps over them, and over any other number already in use, in the same transaction.
 * Why a counter and not random digits: docs/decisions/019-employee-numbers-from-a-counter.md.
 */
import { QueryTypes, type Transaction } from 'sequelize';
import type { Database } from '~/db/database.server';

const COUNTER = 'employee_number';
/** Numbers looked up per query while stepping over taken ones: one query covers a run of imported numbers. */
const CANDIDATES_PER_LOOKUP = 32;
/** Enough for SQLite's and MySQL's statement limits with room to spare; the import checks up to 5,000 numbers. */
const NUMBERS_PER_QUERY = 500;

export function formatEmployeeNumber(value: number): string {
  return `E${String(value).padStart(6, '0')}`;
}

/**
 * The next free number, and the counter moved past it. Call it inside the transaction that inserts the row:
 *
 * - MySQL/MariaDB: the counter row is read `FOR UPDATE`, so allocators take turns until their transaction ends
 *   and never see the same value; the candidates are read `LOCK IN SHARE MODE`, which waits for a transaction
 *   still inserting one of them (an import typing that number) and then sees its row, instead of reading a
 *   snapshot that misses it and failing on the unique index at insert.
 * - SQLite: transactions begin IMMEDIATE (app/db/connection.server.ts), so the whole transaction already holds
 *   the only write lock.
 *
 * A rolled-back transaction leaves its number unused (the counter update rolls back with it); a deadlock is retried
 * as a whole transaction by LockRetryingSequelize, so the allocation runs again from the start.
 */
export async function allocateEmployeeNumber(db: Database, transaction: Transaction): Promise<string> {
  const [counter] = await db.sequelize.query<{ next_value: number | string }>(
    `SELECT next_value FROM counters WHERE name = :name${db.dialect === 'mysql' ? ' FOR UPDATE' : ''}`,
    { replacements: { name: COUNTER }, type: QueryTypes.SELECT, transaction },
  );
  if (!counter) throw new Error(`The ${COUNTER} counter row is missing: migration 007 adds it`);
  let first = Number(counter.next_value);
  let chosen: number | null = null;
  while (chosen === null) {
    const values = Array.from({ length: CANDIDATES_PER_LOOKUP }, (_, offset) => first + offset);
    const taken = await takenNumbers(db, values.map(formatEmployeeNumber), { transaction, locking: true });
    chosen = values.find((value) => !taken.has(formatEmployeeNumber(value))) ?? null;
    first += CANDIDATES_PER_LOOKUP;
  }
  await db.sequelize.query('UPDATE counters SET next_value = :next WHERE name = :name', {
    replacements: { name: COUNTER, next: chosen + 1 },
    transaction,
  });
  return formatEmployeeNumber(chosen);
}

/**
 * Which of these numbers employees already have, as given (the CSV import checks a file's numbers before writing).
 * Compared by the database: MySQL's column collation ignores case (`e000007` takes `E000007` there), SQLite's
 * does not, exactly as each one's unique index decides.
 */
export async function findTakenEmployeeNumbers(db: Database, numbers: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let start = 0; start < numbers.length; start += NUMBERS_PER_QUERY) {
    const chunk = numbers.slice(start, start + NUMBERS_PER_QUERY);
    for (const number of await takenNumbers(db, chunk, { locking: false })) taken.add(number);
  }
  return taken;
}

/** The asked-for numbers that a row matches, spelled as asked (a MySQL match may differ in case). */
async function takenNumbers(
  db: Database,
  numbers: readonly string[],
  options: { transaction?: Transaction; locking: boolean },
): Promise<Set<string>> {
  if (numbers.length === 0) return new Set();
  const lock = options.locking && db.dialect === 'mysql' ? ' LOCK IN SHARE MODE' : '';
  const rows = await db.sequelize.query<{ employee_number: string }>(
    `SELECT employee_number FROM employees WHERE employee_number IN (:numbers)${lock}`,
    { replacements: { numbers }, type: QueryTypes.SELECT, transaction: options.transaction },
  );
  const found = new Set(
    rows.map((row) => (db.dialect === 'mysql' ? row.employee_number.toUpperCase() : row.employee_number)),
  );
  return new Set(numbers.filter((number) => found.has(db.dialect === 'mysql' ? number.toUpperCase() : number)));
}
