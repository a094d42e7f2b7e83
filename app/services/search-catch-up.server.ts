/**
 * At a server's start, the embedded index the last run kept in DATA_DIR is brought in step with the database instead
 * of being rebuilt (docs/decisions/029-embedded-index-on-disk.md). Until this has finished the index answers
 * "unavailable" and the directory uses the SQL search, as during a build.
 *
 * The index is current for an employee when it holds their newest event `seq` as its version: every change to an
 * employee commits an event (decision 005), and the search-index subscriber writes the index at that event's seq.
 * So the catch-up compares, employee by employee, the versions the file kept (removals included) with the newest
 * seq in the database, and re-reads only those the database has moved past (changed while the server was down, or
 * an event the last run had not yet handed to the subscriber: it is delivered again anyway, and ignored as old).
 * This is what a snapshot stamped "up to seq N" could not do: a lower seq committed after N is still found.
 *
 * It rebuilds instead when the file cannot be trusted that way: nothing complete was kept, HR's field definitions
 * are not the ones it was stamped with, or the database is older than the index (a restored backup, another
 * database: a version the database has never reached), or so many changed that a rebuild reads less.
 */
import type { Database } from '~/db/database.server';
import type { FieldDefinitions } from '~/models/field-definitions';
import { readCustomFieldsVersion } from '~/models/custom-field-store.server';
import { QueryTypes } from 'sequelize';
import { readSearchDocument } from '~/models/search-projection.server';
import type { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';

/** Rows per read: 100,000 at once, as objects, raised the primary's peak by tens of MiB. */
const PAGE = 5_000;

/** `select` (id, seq) grouped by `key`, in pages by `key`. */
async function* pages(db: Database, select: string, key: string): AsyncGenerator<[string, number]> {
  for (let after = ''; ;) {
    const rows = await db.sequelize.query<{ id: string; seq: number | string }>(
      `${select} WHERE ${key} > :after GROUP BY ${key} ORDER BY ${key} LIMIT ${PAGE}`,
      { type: QueryTypes.SELECT, replacements: { after } },
    );
    for (const row of rows) yield [row.id, Number(row.seq)];
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1].id;
  }
}

/** Beyond this many employees to re-read one by one, a rebuild (which reads them a thousand at a time) is cheaper. */
const MOST_TO_CATCH_UP = 2_000;

export type CatchUp = { resumed: true; reread: number; ms: number } | { resumed: false; reason: string };

export async function catchUpSearchIndex(platform: {
  db: Database;
  search: EmbeddedSearchIndex;
  fieldDefinitions?: FieldDefinitions;
}): Promise<CatchUp> {
  const started = Date.now();
  const { db, search } = platform;
  const saved = await search.savedState();
  if (!saved) return { resumed: false, reason: 'no complete index was kept' };
  if (saved.definitionsVersion !== (await readCustomFieldsVersion(db)))
    return { resumed: false, reason: "HR's field definitions changed" };
  const newest = new Map<string, number>();
  for await (const [id, seq] of pages(db, 'SELECT employee_id AS id, MAX(seq) AS seq FROM events', 'employee_id'))
    newest.set(id, seq);
  // An employee with no event yet is at version 0, as the rebuild writes them.
  for await (const [id] of pages(db, 'SELECT id, 0 AS seq FROM employees', 'id'))
    if (!newest.has(id)) newest.set(id, 0);
  for (const [id, version] of saved.versions) {
    const current = newest.get(id);
    if (current === undefined || version > current)
      return { resumed: false, reason: 'the index holds a change the database does not have' };
  }
  const behind = [...newest].filter(([id, version]) => (saved.versions.get(id) ?? -1) < version).map(([id]) => id);
  if (behind.length > MOST_TO_CATCH_UP) return { resumed: false, reason: `${behind.length} employees changed` };
  for (const id of behind) {
    const { version, document } = await readSearchDocument(db, id, platform.fieldDefinitions);
    if (document) await search.upsert(document);
    else await search.remove(id, version);
  }
  search.markCaughtUp();
  return { resumed: true, reread: behind.length, ms: Date.now() - started };
}
