/**
 * Login throttling per account and per client address, in the relational database so that it holds across
 * every instance behind the load balancer. A fixed window: after `limit` failures within `windowMs`, further
 * attempts are refused (without checking the password) until the window ends. Counters are updated with one
 * atomic UPDATE, so concurrent failures on several instances all count.
 *
 * The same counters also ration what a visitor who is not signed in may look up in the directory (the manager
 * suggestions on /join), so that the directory cannot be harvested from outside.
 */
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { Database } from '~/db/database.server';
import { sha256 } from '~/utils/hash-token.server';

export interface ThrottlePolicy {
  accountLimit: number;
  addressLimit: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottlePolicy = { accountLimit: 5, addressLimit: 50, windowMs: 15 * 60 * 1000 };

export interface ThrottleSubject {
  email: string;
  address: string | null;
}

function keysOf(subject: ThrottleSubject) {
  const account = sha256(`account:${subject.email.trim().toLowerCase()}`);
  const address = subject.address ? sha256(`ip:${subject.address}`) : null;
  return { account, address };
}

export interface ThrottleState {
  blocked: boolean;
  retryAfterSeconds: number;
}

export async function checkThrottle(
  db: Database,
  subject: ThrottleSubject,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  now = Date.now(),
): Promise<ThrottleState> {
  const keys = keysOf(subject);
  const wanted = [keys.account, keys.address].filter((key): key is string => Boolean(key));
  const rows = await db.sequelize.query<{ throttle_key: string; failures: number; window_started_at: number | string }>(
    'SELECT throttle_key, failures, window_started_at FROM login_throttle WHERE throttle_key IN (:wanted)',
    { replacements: { wanted }, type: QueryTypes.SELECT },
  );
  let retryAfterMs = 0;
  for (const row of rows) {
    const limit = row.throttle_key === keys.account ? policy.accountLimit : policy.addressLimit;
    const windowEnds = Number(row.window_started_at) + policy.windowMs;
    if (windowEnds > now && Number(row.failures) >= limit) retryAfterMs = Math.max(retryAfterMs, windowEnds - now);
  }
  return { blocked: retryAfterMs > 0, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
}

async function bump(db: Database, key: string, windowMs: number, now: number): Promise<void> {
  const cutoff = now - windowMs;
  const update = () =>
    db.sequelize.query(
      `UPDATE login_throttle
          SET failures = CASE WHEN window_started_at <= :cutoff THEN 1 ELSE failures + 1 END,
              window_started_at = CASE WHEN window_started_at <= :cutoff THEN :now ELSE window_started_at END
        WHERE throttle_key = :key`,
      { replacements: { key, cutoff, now }, type: QueryTypes.UPDATE },
    ) as unknown as Promise<[unknown, number]>;
  const [, updated] = await update();
  if (updated > 0) return;
  try {
    await db.sequelize.query(
      'INSERT INTO login_throttle (throttle_key, failures, window_started_at) VALUES (:key, 1, :now)',
      { replacements: { key, now }, type: QueryTypes.INSERT },
    );
  } catch (error) {
    // Another instance inserted the row first: count this failure on it.
    if (!(error instanceof UniqueConstraintError)) throw error;
    await update();
  }
}

export async function recordLoginFailure(
  db: Database,
  subject: ThrottleSubject,
  policy: ThrottlePolicy = DEFAULT_THROTTLE,
  now = Date.now(),
): Promise<void> {
  const keys = keysOf(subject);
  await bump(db, keys.account, policy.windowMs, now);
  if (keys.address) await bump(db, keys.address, policy.windowMs, now);
}

/** A successful sign-in clears the account's counter (not the address's: one address may try many accounts). */
export async function clearAccountFailures(db: Database, email: string): Promise<void> {
  await db.sequelize.query('DELETE FROM login_throttle WHERE throttle_key = :key', {
    replacements: { key: keysOf({ email, address: null }).account },
    type: QueryTypes.DELETE,
  });
}

export interface LookupPolicy {
  limit: number;
  windowMs: number;
}

/** A new employee typing a manager's name makes a handful of lookups; harvesting the directory takes thousands. */
export const DEFAULT_LOOKUP_THROTTLE: LookupPolicy = { limit: 60, windowMs: 15 * 60 * 1000 };

/**
 * Counts one directory lookup by a visitor who is not signed in, and says whether it may go ahead: no more than
 * `limit` per client address within a window, on every instance together. No address, no lookup.
 */
export async function allowAnonymousLookup(
  db: Database,
  address: string | null,
  policy: LookupPolicy = DEFAULT_LOOKUP_THROTTLE,
  now = Date.now(),
): Promise<boolean> {
  if (!address) return false;
  const key = sha256(`lookup:${address}`);
  await bump(db, key, policy.windowMs, now);
  const rows = await db.sequelize.query<{ failures: number | string }>(
    'SELECT failures FROM login_throttle WHERE throttle_key = :key',
    { replacements: { key }, type: QueryTypes.SELECT },
  );
  return Number(rows[0]?.failures ?? Infinity) <= policy.limit;
}
