/**
 * Runs the versioned migrations (Umzug, recorded in the SequelizeMeta table). On MySQL the run holds a named
 * lock, so when several instances boot at once one migrates and the others wait, then find nothing to do.
 */
import type { Sequelize } from 'sequelize';
import { dialectOf } from './connection.server';
import { migrations as allMigrations } from './migrations/index.server';
import type { Migration } from './migrations/migration.server';

const LOCK_NAME = 'employee-profiles:migrations';
const LOCK_TIMEOUT_SECONDS = 120;

export interface MigrationResult {
  applied: string[];
}

export async function migrateDatabase(
  sequelize: Sequelize,
  migrations: Migration[] = allMigrations,
): Promise<MigrationResult> {
  // Loaded here, not at the top: only the primary migrates, and a worker need not hold the library
  // (docs/decisions/025-worker-memory.md).
  const { Umzug, SequelizeStorage } = await import('umzug');
  const umzug = new Umzug({
    migrations: migrations.map((migration) => ({ name: migration.name, up: migration.up, down: migration.down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize }),
    logger: undefined,
  });
  if (dialectOf(sequelize) !== 'mysql') {
    const applied = await umzug.up();
    return { applied: applied.map((migration) => migration.name) };
  }
  return withNamedLock(sequelize, async () => {
    const applied = await umzug.up();
    return { applied: applied.map((migration) => migration.name) };
  });
}

type RawMysqlConnection = {
  query(sql: string, values: unknown[], callback: (error: Error | null, rows: unknown) => void): void;
};

/** GET_LOCK is held by a connection, so one pooled connection is taken out for the whole run. */
async function withNamedLock<T>(sequelize: Sequelize, work: () => Promise<T>): Promise<T> {
  const manager = sequelize.connectionManager as unknown as {
    getConnection(options: { type: 'write' }): Promise<RawMysqlConnection>;
    releaseConnection(connection: RawMysqlConnection): Promise<void>;
  };
  const connection = await manager.getConnection({ type: 'write' });
  const query = (sql: string, values: unknown[]) =>
    new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
      connection.query(sql, values, (error, rows) =>
        error ? reject(error) : resolve(rows as Array<Record<string, unknown>>),
      ),
    );
  try {
    const [row] = await query('SELECT GET_LOCK(?, ?) AS acquired', [LOCK_NAME, LOCK_TIMEOUT_SECONDS]);
    if (Number(row?.acquired) !== 1) {
      throw new Error(`Could not take the migration lock "${LOCK_NAME}" within ${LOCK_TIMEOUT_SECONDS}s`);
    }
    try {
      return await work();
    } finally {
      await query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]);
    }
  } finally {
    await manager.releaseConnection(connection);
  }
}
