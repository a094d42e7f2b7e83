/**
 * The relational database: MySQL/MariaDB through mysql2 when DATABASE_URL is set, otherwise a SQLite file
 * under DATA_DIR. On RDS, IAM database authentication signs every new connection with a fresh token from the
 * instance profile (tokens live 15 minutes; pooled connections outlive them, which RDS allows).
 *
 * Several processes share the SQLite file (the cluster workers and the primary), so every SQLite connection is
 * opened in WAL mode with a busy timeout, and transactions begin IMMEDIATE (they take the write lock up front,
 * where the busy timeout applies, instead of failing at once when a reader tries to become a writer). Lock
 * conflicts that still happen, and MySQL deadlocks, are retried in one place: LockRetryingSequelize below.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type Sqlite3 from 'sqlite3';
import { Sequelize, Transaction, type Options, type TransactionOptions } from 'sequelize';
import type { Env } from '~/config/env.server';
import { createLogger } from '@shared/logger';
import {
  DEFAULT_LOCK_RETRY_POLICY,
  withLockRetry,
  type LockRetryListener,
  type LockRetryPolicy,
} from './lock-retry.server';

export type DatabaseDialect = 'mysql' | 'sqlite';

export interface DatabaseConfig {
  url?: string;
  sqliteFile?: string;
  iamAuth?: boolean;
  tls?: boolean;
  caFile?: string;
  region?: string;
  poolMax?: number;
  /** Bounds on waiting for the database (DATABASE_*_TIMEOUT_*): a request never waits longer than these. */
  waits?: DatabaseWaits;
  logging?: (sql: string) => void;
  /** How a SQLite connection waits for another process's write lock before answering SQLITE_BUSY. */
  sqliteBusyTimeoutMs?: number;
  lockRetry?: LockRetryPolicy;
  /** Told of each lock-conflict retry; by default one warning line on stdout. */
  onLockRetry?: LockRetryListener;
}

const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * How long a request may wait on the database before it fails (and the page says "try again in a minute").
 * Unbounded, a join waited behind Sequelize's 30 s pool acquire and InnoDB's 50 s lock wait while MariaDB was
 * down or recovering (found by the resilience harness). Decision 010.
 */
export interface DatabaseWaits {
  /** Opening a connection (mysql2's connectTimeout; its default is 10 s). */
  connectTimeoutMs: number;
  /** Waiting for a free connection from the pool (Sequelize's default is 30 s). */
  acquireTimeoutMs: number;
  /** Waiting for a row lock (MySQL/MariaDB `innodb_lock_wait_timeout`, default 50 s); a timeout is retried once more by lock-retry. */
  lockWaitTimeoutSeconds: number;
}

export const DEFAULT_DATABASE_WAITS: DatabaseWaits = {
  connectTimeoutMs: 3_000,
  acquireTimeoutMs: 5_000,
  lockWaitTimeoutSeconds: 5,
};

export function databaseConfigFromEnv(env: Env): DatabaseConfig {
  return {
    url: env.DATABASE_URL,
    sqliteFile: path.join(env.dataDir, 'employees.sqlite'),
    iamAuth: env.DATABASE_IAM_AUTH,
    tls: env.DATABASE_TLS,
    caFile: env.DATABASE_CA_FILE,
    region: env.AWS_REGION,
    poolMax: env.DATABASE_POOL_MAX,
    waits: {
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      lockWaitTimeoutSeconds: env.DATABASE_LOCK_WAIT_TIMEOUT_SECONDS,
    },
  };
}

export function createSequelize(config: DatabaseConfig): Sequelize {
  const waits = config.waits ?? DEFAULT_DATABASE_WAITS;
  const common: Options = {
    logging: config.logging ?? false,
    define: { underscored: true },
    pool: { max: config.poolMax ?? 10, min: 0, idle: 10_000, acquire: waits.acquireTimeoutMs },
    // Sequelize's own retry re-runs a single statement even inside a transaction; ours (below) does not.
    retry: { max: 1 },
  };
  const retry = {
    policy: config.lockRetry ?? DEFAULT_LOCK_RETRY_POLICY,
    onRetry: config.onLockRetry ?? logLockRetry,
  };
  if (!config.url) {
    const file = config.sqliteFile ?? ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    return new LockRetryingSequelize(
      {
        ...common,
        dialect: 'sqlite',
        storage: file,
        dialectModule: sqliteOpeningInWalMode(config.sqliteBusyTimeoutMs ?? SQLITE_BUSY_TIMEOUT_MS),
        transactionType: Transaction.TYPES.IMMEDIATE,
      },
      retry,
    );
  }
  const url = new URL(config.url);
  const ssl = config.tls
    ? { rejectUnauthorized: true, ...(config.caFile ? { ca: fs.readFileSync(config.caFile, 'utf8') } : {}) }
    : undefined;
  const sequelize = new LockRetryingSequelize(
    {
      ...common,
      dialect: 'mysql',
      host: url.hostname,
      port: Number(url.port || 3306),
      username: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password) || undefined,
      database: url.pathname.replace(/^\//, ''),
      dialectOptions: {
        charset: 'utf8mb4',
        connectTimeout: waits.connectTimeoutMs,
        ...(ssl ? { ssl } : {}),
      },
      timezone: '+00:00',
    },
    retry,
  );
  // Per connection, so it holds for every statement on it (RDS MySQL and MariaDB both take it per session).
  sequelize.addHook('afterConnect', async (connection) => {
    await (connection as { promise(): { query(sql: string): Promise<unknown> } })
      .promise()
      .query(`SET SESSION innodb_lock_wait_timeout = ${Math.floor(waits.lockWaitTimeoutSeconds)}`);
  });
  if (config.iamAuth) {
    // RDS IAM tokens travel as the password through mysql2's built-in mysql_clear_password plugin, which is why
    // DATABASE_TLS must be on alongside; the token is signed per new connection.
    sequelize.addHook('beforeConnect', async (connectionConfig) => {
      const { Signer } = await import('@aws-sdk/rds-signer');
      const signer = new Signer({
        hostname: url.hostname,
        port: Number(url.port || 3306),
        username: decodeURIComponent(url.username),
        region: config.region,
      });
      (connectionConfig as { password?: string }).password = await signer.getAuthToken();
    });
  }
  return sequelize;
}

export function dialectOf(sequelize: Sequelize): DatabaseDialect {
  return sequelize.getDialect() === 'mysql' || sequelize.getDialect() === 'mariadb' ? 'mysql' : 'sqlite';
}

const defaultLog = createLogger();
const logLockRetry: LockRetryListener = (event) => defaultLog.warn('database lock conflict, retrying', { ...event });

/**
 * Sequelize with lock-conflict retries on the two units that are safe to run again: a managed transaction
 * (`sequelize.transaction(async (t) => ...)`, re-run from the start after Sequelize rolled it back) and a
 * statement outside any transaction. Statements inside a transaction, nested transactions and unmanaged ones
 * are left alone: the transaction that owns them is the unit.
 */
class LockRetryingSequelize extends Sequelize {
  constructor(
    options: Options,
    private readonly lockRetry: { policy: LockRetryPolicy; onRetry: LockRetryListener },
  ) {
    super(options);
  }

  // Sequelize declares query() and transaction() as overload sets; one implementation serves them all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(sql: unknown, options?: any): Promise<any> {
    const run = () => (super.query as (sql: unknown, options?: unknown) => Promise<unknown>).call(this, sql, options);
    if (options?.transaction) return run();
    return withLockRetry(run, { unit: 'statement', ...this.lockRetry });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override transaction(...args: any[]): Promise<any> {
    const run = (...forward: unknown[]) =>
      (super.transaction as (...a: unknown[]) => Promise<unknown>).apply(this, forward);
    const [options, work] = typeof args[0] === 'function' ? [{}, args[0]] : [args[0] ?? {}, args[1]];
    if (typeof work !== 'function' || (options as TransactionOptions).transaction) return run(...args);
    const attempt =
      this.getDialect() === 'sqlite'
        ? () => this.inSqliteWriterTurn(() => run(options, work))
        : () => run(options, work);
    return withLockRetry(attempt, { unit: 'transaction', ...this.lockRetry });
  }

  /**
   * SQLite: this process's managed transactions take turns. SQLite has one writer anyway (they begin IMMEDIATE),
   * and each one waiting for the write lock holds one of libuv's four threads while it polls: with four waiting,
   * the transaction holding the lock had no thread left to commit on, and every one of them stalled until the
   * busy timeout (ten at once: 5 s, then SQLITE_BUSY). Other processes are still kept out by the file lock.
   */
  private sqliteWriterTurn: Promise<void> = Promise.resolve();
  private async inSqliteWriterTurn<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.sqliteWriterTurn;
    let done!: () => void;
    this.sqliteWriterTurn = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      return await work();
    } finally {
      done();
    }
  }
}

/**
 * The sqlite3 module with a Database that, once open, waits up to `busyTimeoutMs` for a lock and uses WAL
 * (readers never block the writer, nor it them). Sequelize's SQLite dialect skips the afterConnect hook, so
 * the dialect module is the one place every connection, including each transaction's own, passes through.
 */
function sqliteOpeningInWalMode(busyTimeoutMs: number): typeof Sqlite3 {
  // Loaded here, not at the top: production runs MySQL and never needs the native SQLite module.
  const sqlite3 = createRequire(import.meta.url)('sqlite3') as typeof Sqlite3;
  function Database(file: string, mode: number, callback: (error: Error | null) => void): Sqlite3.Database {
    const database: Sqlite3.Database = new sqlite3.Database(file, mode, (error) => {
      if (error) return callback(error);
      database.configure('busyTimeout', busyTimeoutMs);
      // synchronous=NORMAL is WAL's documented pairing: durable against an application crash, fast commits.
      database.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;', (pragmaError) => callback(pragmaError));
    });
    return database;
  }
  return { ...sqlite3, Database } as unknown as typeof Sqlite3;
}
