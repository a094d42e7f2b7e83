/**
 * The SQLite file (or, with no file, an in-memory database) under the embedded search index: promise wrappers over
 * the `sqlite3` package's callbacks, and the tables one generation of the index keeps
 * (docs/decisions/029-embedded-index-on-disk.md). SQLite runs each statement on libuv's thread pool, so a long read
 * does not hold the primary's event loop.
 */
import fs from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';

export class IndexStore {
  private constructor(
    private readonly db: sqlite3.Database,
    readonly file: string | null,
  ) {}

  /** Opens (creating when missing) the index's file, or an in-memory database when `file` is null. */
  static async open(file: string | null, options: { readOnly?: boolean } = {}): Promise<IndexStore> {
    if (file && !options.readOnly) fs.mkdirSync(path.dirname(file), { recursive: true });
    const mode = options.readOnly ? sqlite3.OPEN_READONLY : sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const opened = new sqlite3.Database(file ?? ':memory:', mode, (error) =>
        error ? reject(error) : resolve(opened),
      );
    });
    // One statement after another, in the order they were issued: the index's writes depend on that order.
    db.serialize();
    const store = new IndexStore(db, file);
    await store.run('PRAGMA busy_timeout = 5000');
    if (!options.readOnly) {
      // Deleted rows are overwritten, not left in free pages: an erased person's text leaves the file.
      await store.run('PRAGMA secure_delete = ON');
      if (file) {
        await store.run('PRAGMA journal_mode = WAL');
        // A crash of the process loses nothing; a power cut may lose the last writes, which the catch-up at start
        // finds by version (app/services/search-catch-up.server.ts).
        await store.run('PRAGMA synchronous = NORMAL');
      }
    }
    return store;
  }

  run(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((resolve, reject) => this.db.run(sql, params, (error) => (error ? reject(error) : resolve())));
  }

  all<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return new Promise((resolve, reject) =>
      this.db.all(sql, params, (error, rows) => (error ? reject(error) : resolve(rows as T[]))),
    );
  }

  /** Calls `onRow` for each row as SQLite reads it: a start-up load of 100,000 rows never holds them all at once. */
  each<T>(sql: string, params: unknown[], onRow: (row: T) => void): Promise<number> {
    return new Promise((resolve, reject) =>
      this.db.each(
        sql,
        params,
        (error, row) => {
          if (!error) onRow(row as T);
        },
        (error, count) => (error ? reject(error) : resolve(count)),
      ),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.db.close((error) => (error ? reject(error) : resolve())));
  }
}
