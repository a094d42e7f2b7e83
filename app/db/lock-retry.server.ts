/**
 * Retrying work that lost a lock race: SQLite's SQLITE_BUSY, MySQL/MariaDB's deadlock (1213) and lock-wait
 * timeout (1205). Only whole units are retried (a managed transaction after its rollback, or one statement run
 * outside any transaction): a statement that failed on a lock was not applied, so running the unit again is
 * the same as running it once. A statement inside a transaction is never retried on its own, because MySQL
 * has already rolled the transaction back on a deadlock. See docs/decisions/006-database-retries.md.
 */

export type LockConflictCode = 'SQLITE_BUSY' | 'ER_LOCK_DEADLOCK' | 'ER_LOCK_WAIT_TIMEOUT';

export interface LockRetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Backoff ceiling of the first retry; it doubles with each further retry up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_LOCK_RETRY_POLICY: LockRetryPolicy = { attempts: 6, baseDelayMs: 25, maxDelayMs: 1_000 };

/** What one retry tells the operator: no SQL, no values, nothing about whose row it was. */
export interface LockRetryEvent {
  unit: 'transaction' | 'statement';
  code: LockConflictCode;
  attempt: number;
  attempts: number;
  delayMs: number;
}

export type LockRetryListener = (event: LockRetryEvent) => void;

const MYSQL_CODES: Record<number, LockConflictCode> = { 1213: 'ER_LOCK_DEADLOCK', 1205: 'ER_LOCK_WAIT_TIMEOUT' };

/**
 * The lock conflict behind an error, if any. Sequelize wraps driver errors (`original`/`parent`) and services
 * wrap Sequelize's (`cause`), so the chain is followed a few links deep.
 */
export function lockConflictCode(error: unknown): LockConflictCode | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current !== null && typeof current === 'object'; depth += 1) {
    const candidate = current as { code?: unknown; errno?: unknown; original?: unknown; cause?: unknown };
    if (candidate.code === 'SQLITE_BUSY') return 'SQLITE_BUSY';
    if (typeof candidate.errno === 'number' && MYSQL_CODES[candidate.errno]) return MYSQL_CODES[candidate.errno];
    if (candidate.code === 'ER_LOCK_DEADLOCK' || candidate.code === 'ER_LOCK_WAIT_TIMEOUT') return candidate.code;
    current = candidate.original ?? candidate.cause;
  }
  return undefined;
}

/** Exponential backoff with full jitter, so that the processes that collided do not collide again in step. */
export function lockRetryDelayMs(policy: LockRetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * random());
}

/**
 * Runs `work` and runs it again while it fails on a lock conflict, up to the policy's attempts. Any other
 * error, and the last conflict, is thrown as it was (its cause intact).
 */
export async function withLockRetry<T>(
  work: () => Promise<T>,
  options: { unit: LockRetryEvent['unit']; policy?: LockRetryPolicy; onRetry?: LockRetryListener },
): Promise<T> {
  const policy = options.policy ?? DEFAULT_LOCK_RETRY_POLICY;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = lockConflictCode(error);
      // A lock-wait timeout has already waited the whole innodb_lock_wait_timeout: one more try, not the policy's
      // five, or a request would wait that long five times over (deadlocks are reported at once, so they may).
      if (!code || attempt >= policy.attempts || (code === 'ER_LOCK_WAIT_TIMEOUT' && attempt >= 2)) throw error;
      const delayMs = lockRetryDelayMs(policy, attempt);
      options.onRetry?.({ unit: options.unit, code, attempt, attempts: policy.attempts, delayMs });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
