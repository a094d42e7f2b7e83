import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { setEmployeeStatus } from '~/models/employee.server';
import { attemptSignIn, checkPassword, setPassword, verifyLogin } from './credentials.server';
import {
  consumeResetToken,
  createResetToken,
  findResetToken,
  RESET_TOKEN_TTL_MS,
} from '~/models/password-reset-tokens.server';
import {
  createSession,
  deleteEmployeeSessions,
  deleteSession,
  getSessionUser,
  pruneAuthTables,
  SESSION_TTL_MS,
} from '~/models/session-store.server';
import {
  addressGroupOf,
  allowAnonymousLookup,
  checkThrottle,
  clearAccountFailures,
  recordLoginFailure,
} from '~/models/login-throttle.server';
import { addEmployee, openTestDatabase } from '@test-support/auth-database';

let db: Database;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => close());

describe('credentials', () => {
  it('signs in with the right password, case-insensitively on the email', async () => {
    const employee = await addEmployee(db, { email: 'Grace.Hopper@xyz.example' });
    await setPassword(db, employee.id, 'a long enough secret');
    expect((await verifyLogin(db, 'grace.hopper@XYZ.example', 'a long enough secret'))?.id).toBe(employee.id);
    expect(await verifyLogin(db, 'grace.hopper@xyz.example', 'a long enough secreT')).toBeNull();
    expect(await verifyLogin(db, 'nobody@xyz.example', 'a long enough secret')).toBeNull();
  });

  it('replaces the password', async () => {
    const employee = await addEmployee(db);
    await setPassword(db, employee.id, 'first password here');
    await setPassword(db, employee.id, 'second password here');
    expect(await checkPassword(db, employee.id, 'first password here')).toBe(false);
    expect(await checkPassword(db, employee.id, 'second password here')).toBe(true);
  });

  it('refuses a deactivated employee even with the right password, and says why only then', async () => {
    const employee = await addEmployee(db);
    await setPassword(db, employee.id, 'a long enough secret');
    await setEmployeeStatus(db, employee.id, 'inactive', 'left the company');
    expect(await verifyLogin(db, employee.workEmail, 'a long enough secret')).toBeNull();
    expect(await attemptSignIn(db, employee.workEmail, 'a long enough secret')).toMatchObject({
      outcome: 'inactive',
      employee: { id: employee.id },
    });
    // A wrong password on a deactivated account reads exactly like an address nobody has.
    expect(await attemptSignIn(db, employee.workEmail, 'not the secret at all')).toEqual({ outcome: 'refused' });
    expect(await attemptSignIn(db, 'nobody.here@xyz.example', 'a long enough secret')).toEqual({ outcome: 'refused' });
  });

  it('lets a pending employee sign in (to their own profile)', async () => {
    const employee = await addEmployee(db, { status: 'pending' });
    await setPassword(db, employee.id, 'a long enough secret');
    expect(await attemptSignIn(db, employee.workEmail, 'a long enough secret')).toMatchObject({
      outcome: 'signed-in',
      employee: { id: employee.id, status: 'pending' },
    });
  });
});

describe('sessions', () => {
  it('finds the employee behind a token and forgets it after sign-out', async () => {
    const employee = await addEmployee(db);
    const token = await createSession(db, employee.id);
    expect((await getSessionUser(db, token))?.id).toBe(employee.id);
    await deleteSession(db, token);
    expect(await getSessionUser(db, token)).toBeNull();
  });

  it('stores only a hash of the token', async () => {
    const employee = await addEmployee(db);
    const token = await createSession(db, employee.id);
    const [rows] = await db.sequelize.query('SELECT id FROM sessions');
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('expires', async () => {
    const employee = await addEmployee(db);
    const start = Date.now();
    const token = await createSession(db, employee.id, start);
    expect(await getSessionUser(db, token, start + SESSION_TTL_MS - 1000)).not.toBeNull();
    expect(await getSessionUser(db, token, start + 2 * SESSION_TTL_MS + 1)).toBeNull();
  });

  it('is revoked everywhere but the current one after a password change', async () => {
    const employee = await addEmployee(db);
    const here = await createSession(db, employee.id);
    const elsewhere = await createSession(db, employee.id);
    const current = await getSessionUser(db, here);
    await deleteEmployeeSessions(db, employee.id, current!.sessionId);
    expect(await getSessionUser(db, here)).not.toBeNull();
    expect(await getSessionUser(db, elsewhere)).toBeNull();
  });

  it('are pruned once expired, with spent reset tokens and old throttle windows', async () => {
    const employee = await addEmployee(db);
    const start = Date.now();
    await createSession(db, employee.id, start);
    await createResetToken(db, employee.id, start);
    await recordLoginFailure(db, { email: 'old@xyz.example', address: null }, undefined, start);
    const later = start + 3 * SESSION_TTL_MS;
    await pruneAuthTables(db, later);
    for (const table of ['sessions', 'password_reset_tokens', 'login_throttle']) {
      const [rows] = await db.sequelize.query(
        `SELECT COUNT(*) AS n FROM ${table} WHERE ${table === 'login_throttle' ? 'window_started_at' : 'expires_at'} <= ${later}`,
      );
      expect(Number((rows as Array<{ n: number }>)[0].n)).toBe(0);
    }
  });

  it('ends when the employee is deactivated', async () => {
    const employee = await addEmployee(db);
    const token = await createSession(db, employee.id);
    await setEmployeeStatus(db, employee.id, 'inactive', null);
    expect(await getSessionUser(db, token)).toBeNull();
  });
});

describe('throttling', () => {
  const policy = { accountLimit: 3, addressLimit: 5, windowMs: 60_000 };

  it('blocks an account after repeated failures, until the window ends', async () => {
    const subject = { email: 'target@xyz.example', address: '203.0.113.1' };
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      expect((await checkThrottle(db, subject, policy, now)).blocked).toBe(false);
      await recordLoginFailure(db, subject, policy, now);
    }
    const state = await checkThrottle(db, subject, policy, now);
    expect(state.blocked).toBe(true);
    expect(state.retryAfterSeconds).toBe(60);
    // The same account from another address is still blocked: the counter is per account.
    expect((await checkThrottle(db, { ...subject, address: '198.51.100.7' }, policy, now)).blocked).toBe(true);
    expect((await checkThrottle(db, subject, policy, now + 60_001)).blocked).toBe(false);
  });

  it('blocks an address that tries many accounts', async () => {
    const now = Date.now();
    for (let i = 0; i < 5; i++) {
      await recordLoginFailure(db, { email: `user${i}@xyz.example`, address: '192.0.2.9' }, policy, now);
    }
    expect((await checkThrottle(db, { email: 'fresh@xyz.example', address: '192.0.2.9' }, policy, now)).blocked).toBe(
      true,
    );
    expect((await checkThrottle(db, { email: 'fresh@xyz.example', address: '192.0.2.10' }, policy, now)).blocked).toBe(
      false,
    );
  });

  it('counts concurrent failures from several instances', async () => {
    const subject = { email: 'race@xyz.example', address: null };
    const now = Date.now();
    await Promise.all(Array.from({ length: 3 }, () => recordLoginFailure(db, subject, policy, now)));
    expect((await checkThrottle(db, subject, policy, now)).blocked).toBe(true);
  });

  it('starts a new window after the old one ends, and clears on success', async () => {
    const subject = { email: 'window@xyz.example', address: null };
    const now = Date.now();
    await recordLoginFailure(db, subject, policy, now);
    await recordLoginFailure(db, subject, policy, now);
    await recordLoginFailure(db, subject, policy, now + 61_000);
    expect((await checkThrottle(db, subject, policy, now + 61_000)).blocked).toBe(false);
    await recordLoginFailure(db, subject, policy, now + 61_000);
    await recordLoginFailure(db, subject, policy, now + 61_000);
    expect((await checkThrottle(db, subject, policy, now + 61_000)).blocked).toBe(true);
    await clearAccountFailures(db, subject.email);
    expect((await checkThrottle(db, subject, policy, now + 61_000)).blocked).toBe(false);
  });
});

describe('throttling per client and account (decision 303)', () => {
  const policy = { pairLimit: 3, accountLimit: 9, addressLimit: 50, windowMs: 60_000 };
  const blocked = async (email: string, address: string, now: number) =>
    (await checkThrottle(db, { email, address }, policy, now)).blocked;

  it("pauses the client that guesses, not the account's owner elsewhere", async () => {
    const now = Date.now();
    for (let i = 0; i < 3; i++)
      await recordLoginFailure(db, { email: 'owner@xyz.example', address: '203.0.113.66' }, policy, now);
    expect(await blocked('owner@xyz.example', '203.0.113.66', now)).toBe(true);
    expect(await blocked('owner@xyz.example', '198.51.100.7', now)).toBe(false);
    // The guesser's other accounts are not paused by this one's count.
    expect(await blocked('other@xyz.example', '203.0.113.66', now)).toBe(false);
  });

  it('pauses the whole account once the failures come from many addresses', async () => {
    const now = Date.now();
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      for (let i = 0; i < 3; i++) await recordLoginFailure(db, { email: 'spread@xyz.example', address }, policy, now);
    }
    expect(await blocked('spread@xyz.example', '198.51.100.99', now)).toBe(true);
    expect(await blocked('spread@xyz.example', '198.51.100.99', now + 60_001)).toBe(false);
  });

  it('counts an IPv6 /64 as one client', async () => {
    const now = Date.now();
    for (const address of ['2001:db8:1:2::1', '2001:db8:1:2:ffff::9', '2001:0db8:0001:0002:0:0:0:3']) {
      await recordLoginFailure(db, { email: 'six@xyz.example', address }, policy, now);
    }
    expect(await blocked('six@xyz.example', '2001:db8:1:2::abcd', now)).toBe(true);
    expect(await blocked('six@xyz.example', '2001:db8:1:3::1', now)).toBe(false);
    expect(addressGroupOf('::ffff:192.0.2.4')).toBe('192.0.2.4');
    expect(addressGroupOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressGroupOf('203.0.113.5')).toBe('203.0.113.5');
  });

  it("the right password clears that client's pause, not a guesser's elsewhere", async () => {
    const now = Date.now();
    for (let i = 0; i < 3; i++) {
      await recordLoginFailure(db, { email: 'clear@xyz.example', address: '203.0.113.70' }, policy, now);
      await recordLoginFailure(db, { email: 'clear@xyz.example', address: '203.0.113.71' }, policy, now);
    }
    await clearAccountFailures(db, 'clear@xyz.example', '203.0.113.71');
    expect(await blocked('clear@xyz.example', '203.0.113.71', now)).toBe(false);
    expect(await blocked('clear@xyz.example', '203.0.113.70', now)).toBe(true);
  });
});

describe('directory lookups before sign-in', () => {
  const policy = { limit: 4, windowMs: 60_000 };

  it('allows a few per address and window, then refuses, without touching other addresses', async () => {
    const now = Date.now();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await allowAnonymousLookup(db, '203.0.113.50', policy, now));
    expect(answers).toEqual([true, true, true, true, false]);
    expect(await allowAnonymousLookup(db, '203.0.113.51', policy, now)).toBe(true);
    // The next window starts afresh.
    expect(await allowAnonymousLookup(db, '203.0.113.50', policy, now + 60_001)).toBe(true);
  });

  it('never lets more than the limit through when instances look up at once', async () => {
    const now = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => allowAnonymousLookup(db, '198.51.100.80', policy, now)),
    );
    // Each lookup counts before it reads, so at most `limit` of them see a count within the limit.
    expect(answers.filter(Boolean).length).toBeGreaterThan(0);
    expect(answers.filter(Boolean).length).toBeLessThanOrEqual(4);
    expect(await allowAnonymousLookup(db, '198.51.100.80', policy, now)).toBe(false);
  });

  it('refuses a request whose address is unknown', async () => {
    expect(await allowAnonymousLookup(db, null, policy)).toBe(false);
  });
});

describe('password reset tokens', () => {
  it('work once', async () => {
    const employee = await addEmployee(db);
    const token = await createResetToken(db, employee.id);
    expect(await findResetToken(db, token)).toBe(employee.id);
    const results = await Promise.all([consumeResetToken(db, token), consumeResetToken(db, token)]);
    expect(results.filter(Boolean)).toEqual([employee.id]);
    expect(await findResetToken(db, token)).toBeNull();
  });

  it('expire', async () => {
    const employee = await addEmployee(db);
    const now = Date.now();
    const token = await createResetToken(db, employee.id, now);
    expect(await consumeResetToken(db, token, now + RESET_TOKEN_TTL_MS + 1)).toBeNull();
  });

  it('burn the other outstanding tokens of the same employee when one is used', async () => {
    const employee = await addEmployee(db);
    const first = await createResetToken(db, employee.id);
    const second = await createResetToken(db, employee.id);
    expect(await consumeResetToken(db, second)).toBe(employee.id);
    expect(await findResetToken(db, first)).toBeNull();
  });

  it('refuse unknown tokens', async () => {
    expect(await consumeResetToken(db, 'not-a-token')).toBeNull();
  });
});
