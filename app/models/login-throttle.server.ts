/**
 * Login throttling per (account, client address), per account and per client address, in the relational
 * database so that it holds across every instance behind the load balancer. A fixed window: after a key's
 * limit of failures within `windowMs`, further attempts are refused (without checking the password) until the
 * window ends. Counters are updated with one atomic UPDATE, so concurrent failures on several instances all
 * count. Why three keys, and their limits: docs/decisions/303-login-throttling.md.
 *
 * The same counters also ration what a visitor who is not signed in may look up in the directory (the manager
 * suggestions on /join), so that the directory cannot be harvested from outside.
 */
import { isIPv6 } from 'node:net';
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { Database } from '~/db/database.server';
import { sha256 } from '~/utils/hash-token.server';

export interface ThrottlePolicy {
  /**
   * Failures on one account from one client address: the brake on guessing, which pauses only the client
   * that guesses. Without it, `accountLimit` alone decides (the reset requests' policy).
   */
  pairLimit?: number;
  /** Failures on one account from every address together: reached only from many addresses at once. */
  accountLimit: number;
  /** Failures from one client address on any accounts. */
  addressLimit: number;
  windowMs: number;
}

/**
 * One client gets 5 tries per account and window; the account as a whole pauses only after 25, which takes at
 * least five addresses (or /64 networks), so one person's typing cannot lock a colleague out.
 */
export const DEFAULT_THROTTLE: ThrottlePolicy = {
  pairLimit: 5,
  accountLimit: 25,
  addressLimit: 50,
  windowMs: 15 * 60 * 1000,
};

export interface ThrottleSubject {
  email: string;
  address: string | null;
}

/**
 * The part of a client address that one client controls: an IPv6 client usually holds a whole /64 and picks
 * any address in it, so its first four groups count as one address; an IPv4-mapped IPv6 address is its IPv4.
 */
export function addressGroupOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.toLowerCase().split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = address.includes('::') ? (tail ? tail.split(':') : []) : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(0, missing)).fill('0'), ...tailGroups];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function keysOf(subject: ThrottleSubject) {
  const email = subject.email.trim().toLowerCase();
  const group = subject.address ? addressGroupOf(subject.address) : null;
  const account = sha256(`account:${email}`);
  const address = group ? sha256(`ip:${group}`) : null;
  // Without a known address every client is one: the pair is then the account itself, as before pairs existed.
  const pair = sha256(`pair:${email}|${group ?? 'unknown'}`);
  return { account, address, pair };
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
  const limits = new Map<string, number>([[keys.account, policy.accountLimit]]);
  if (keys.address) limits.set(keys.address, policy.addressLimit);
  if (policy.pairLimit !== undefined) limits.set(keys.pair, policy.pairLimit);
  const rows = await db.sequelize.query<{ throttle_key: string; failures: number; window_started_at: number | string }>(
    'SELECT throttle_key, failures, window_started_at FROM login_throttle WHERE throttle_key IN (:wanted)',
    { replacements: { wanted: [...limits.keys()] }, type: QueryTypes.SELECT },
  );
  let retryAfterMs = 0;
  for (const row of rows) {
    const limit = limits.get(row.throttle_key) ?? Infinity;
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
  if (policy.pairLimit !== undefined) await bump(db, keys.pair, policy.windowMs, now);
  if (keys.address) await bump(db, keys.address, policy.windowMs, now);
}

/**
 * The right password clears the account's counter and that client's pair (not the address's: one address may
 * try many accounts; nor other clients' pairs: a guesser elsewhere stays paused).
 */
export async function clearAccountFailures(db: Database, email: string, address: string | null = null): Promise<void> {
  const keys = keysOf({ email, address });
  await db.sequelize.query('DELETE FROM login_throttle WHERE throttle_key IN (:keys)', {
    replacements: { keys: [keys.account, keys.pair] },
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
