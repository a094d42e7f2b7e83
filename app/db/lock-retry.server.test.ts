import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sqlite3 from 'sqlite3';
import { QueryTypes, type Transaction } from 'sequelize';
import { openDatabase, closeDatabase, type Database } from './database.server';
import { migrateDatabase } from './migrate.server';
import { lockConflictCode, lockRetryDelayMs, withLockRetry, type LockRetryEvent } from './lock-retry.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { DuplicateEmployeeError, insertEmployee, setEmployeeRole } from '~/models/employee.server';
import { recordEvent } from '~/services/domain-events.server';
import { createSession } from '~/models/session-store.server';

const QUICK = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

function busyError() {
  // The shape Sequelize gives a SQLite lock conflict: a TimeoutError whose driver error has code SQLITE_BUSY.
  const original = Object.assign(new Error('SQLITE_BUSY: database is locked'), { code: 'SQLITE_BUSY', errno: 5 });
  return Object.assign(new Error('SQLITE_BUSY: database is locked'), { name: 'SequelizeTimeoutError', original });
}

describe('lock-conflict retries', () => {
  it('run a unit again after a lock conflict, logging one line per retry, until it succeeds', async () => {
    const events: LockRetryEvent[] = [];
    let calls = 0;
    const result = await withLockRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw busyError();
        return 'committed';
      },
      { unit: 'transaction', policy: QUICK, onRetry: (event) => events.push(event) },
    );
    expect(result).toBe('committed');
    expect(calls).toBe(3);
    expect(events).toEqual([
      { unit: 'transaction', code: 'SQLITE_BUSY', attempt: 1, attempts: 4, delayMs: expect.any(Number) },
      { unit: 'transaction', code: 'SQLITE_BUSY', attempt: 2, attempts: 4, delayMs: expect.any(Number) },
    ]);
  });

  it('give up after the last attempt and surface the conflict itself, cause included', async () => {
    const events: LockRetryEvent[] = [];
    let calls = 0;
    const failure = await withLockRetry(
      async () => {
        calls += 1;
        throw busyError();
      },
      { unit: 'statement', policy: QUICK, onRetry: (event) => events.push(event) },
    ).catch((error: unknown) => error);
    expect(calls).toBe(4);
    expect(events).toHaveLength(3);
    expect(failure).toMatchObject({ name: 'SequelizeTimeoutError', original: { code: 'SQLITE_BUSY' } });
  });

  it('never retry an error that is not a lock conflict', async () => {
    let calls = 0;
    const events: LockRetryEvent[] = [];
    const duplicate = new DuplicateEmployeeError('workEmail');
    await expect(
      withLockRetry(
        async () => {
          calls += 1;
          throw duplicate;
        },
        { unit: 'transaction', policy: QUICK, onRetry: (event) => events.push(event) },
      ),
    ).rejects.toBe(duplicate);
    expect(calls).toBe(1);
    expect(events).toEqual([]);
  });

  it('recognise MySQL deadlocks and lock-wait timeouts, also when a service wrapped them', () => {
    const deadlock = { name: 'SequelizeDatabaseError', original: { errno: 1213, code: 'ER_LOCK_DEADLOCK' } };
    const waitTimeout = { name: 'SequelizeDatabaseError', parent: {}, original: { errno: 1205 } };
    expect(lockConflictCode(deadlock)).toBe('ER_LOCK_DEADLOCK');
    expect(lockConflictCode(waitTimeout)).toBe('ER_LOCK_WAIT_TIMEOUT');
    expect(lockConflictCode(Object.assign(new Error('batch failed'), { cause: deadlock }))).toBe('ER_LOCK_DEADLOCK');
    expect(lockConflictCode({ original: { errno: 1062, code: 'ER_DUP_ENTRY' } })).toBeUndefined();
    expect(lockConflictCode(new Error('SQLITE_BUSY in a message only is not a driver error'))).toBeUndefined();
  });

  it('back off with jitter under a ceiling that doubles per retry and is capped', () => {
    const policy = { attempts: 10, baseDelayMs: 25, maxDelayMs: 1_000 };
    expect(lockRetryDelayMs(policy, 1, () => 0.999)).toBe(25);
    expect(lockRetryDelayMs(policy, 3, () => 0.999)).toBe(100);
    expect(lockRetryDelayMs(policy, 9, () => 0.999)).toBe(999);
    expect(lockRetryDelayMs(policy, 3, () => 0)).toBe(0);
    expect(lockRetryDelayMs(policy, 3, () => 0.5)).toBe(50);
  });
});

function employeeFields(email: string) {
  return employeeFieldsSchema.parse({
    firstName: 'Lock',
    lastName: 'Tester',
    workEmail: email,
    jobTitle: 'Engineer',
    department: 'Engineering',
  });
}

async function roleChangeEvents(db: Database, employeeId: string): Promise<number> {
  const [row] = await db.sequelize.query<{ n: number }>(
    "SELECT COUNT(*) AS n FROM events WHERE type = 'employee.role-changed' AND employee_id = :employeeId",
    { replacements: { employeeId }, type: QueryTypes.SELECT },
  );
  return Number(row.n);
}

/** The role change as the service does it: the row and its outbox event in one transaction. */
async function promoteToAdmin(db: Database, employeeId: string, transaction: Transaction): Promise<void> {
  await setEmployeeRole(db, employeeId, 'admin', { transaction });
  await recordEvent(
    db,
    { type: 'employee.role-changed', version: 1, employeeId, actorId: employeeId, from: 'employee', to: 'admin' },
    { transaction },
  );
}

// Before the MariaDB suites: once a MySQL-dialect Sequelize exists in a process, a later SQLite migration there
// renders UUID columns the MySQL way (a Sequelize quirk the other suites avoid by running SQLite first).
describe('a statement outside any transaction on SQLite', () => {
  let testDb: TestDatabase;
  let db: Database;
  let firstRetry!: (event: LockRetryEvent) => void;
  const retried = new Promise<LockRetryEvent>((resolve) => (firstRetry = resolve));
  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    // A short busy timeout, so that another process holding the write lock outlasts it.
    db = openDatabase({ ...testDb.config, sqliteBusyTimeoutMs: 50, onLockRetry: (event) => firstRetry(event) });
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('is run again when another writer held the lock past the busy timeout, and then succeeds', async () => {
    const employee = await insertEmployee(db, employeeFields('busy-statement@xyz.example'));
    const other = new sqlite3.Database(testDb.config.sqliteFile!);
    const exec = (sql: string) =>
      new Promise<void>((resolve, reject) => other.exec(sql, (error) => (error ? reject(error) : resolve())));
    await exec('BEGIN IMMEDIATE');
    const signIn = createSession(db, employee.id);
    expect(await retried).toMatchObject({ unit: 'statement', code: 'SQLITE_BUSY', attempt: 1 });
    await exec('COMMIT');
    await new Promise<void>((resolve) => other.close(() => resolve()));
    expect(await signIn).toMatch(/.{20,}/);
  }, 10_000);
});

describe.each(TEST_DIALECTS)('transactions on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;
  const retries: LockRetryEvent[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase({ ...testDb.config, onLockRetry: (event) => retries.push(event) });
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('are not run again when they fail for another reason, and leave nothing behind', async () => {
    const existing = await insertEmployee(db, employeeFields(`taken-${dialect}@xyz.example`));
    retries.length = 0;
    let runs = 0;
    const attempt = db.sequelize.transaction(async (transaction) => {
      runs += 1;
      await promoteToAdmin(db, existing.id, transaction);
      await insertEmployee(db, employeeFields(`taken-${dialect}@xyz.example`), { transaction });
    });
    await expect(attempt).rejects.toBeInstanceOf(DuplicateEmployeeError);
    expect(runs).toBe(1);
    expect(retries).toEqual([]);
    expect(await roleChangeEvents(db, existing.id)).toBe(0);
  });
});

describe('transactions on MariaDB that collide', () => {
  let testDb: TestDatabase;
  let db: Database;
  const retries: LockRetryEvent[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase('mariadb');
    db = openDatabase({ ...testDb.config, onLockRetry: (event) => retries.push(event) });
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('survive a real deadlock: the victim is run again from the start and each commits exactly once', async () => {
    const first = await insertEmployee(db, employeeFields('deadlock-a@xyz.example'));
    const second = await insertEmployee(db, employeeFields('deadlock-b@xyz.example'));
    retries.length = 0;
    const runs = { forward: 0, backward: 0 };
    let bothHoldOneRow!: () => void;
    const barrier = new Promise<void>((resolve) => (bothHoldOneRow = resolve));
    let holding = 0;
    const holdThenWait = async () => {
      holding += 1;
      if (holding === 2) bothHoldOneRow();
      await barrier;
    };
    // Each locks one employee row, waits until the other holds the other row, then asks for it: a cycle
    // InnoDB breaks by rolling one back with ER_LOCK_DEADLOCK.
    const lockInOrder = (direction: 'forward' | 'backward', [a, b]: [string, string]) =>
      db.sequelize.transaction(async (transaction) => {
        runs[direction] += 1;
        await promoteToAdmin(db, a, transaction);
        if (runs[direction] === 1) await holdThenWait();
        await promoteToAdmin(db, b, transaction);
      });
    await Promise.all([lockInOrder('forward', [first.id, second.id]), lockInOrder('backward', [second.id, first.id])]);
    expect(runs.forward + runs.backward).toBe(3);
    expect(retries).toEqual([
      { unit: 'transaction', code: 'ER_LOCK_DEADLOCK', attempt: 1, attempts: 6, delayMs: expect.any(Number) },
    ]);
    expect(await roleChangeEvents(db, first.id)).toBe(2);
    expect(await roleChangeEvents(db, second.id)).toBe(2);
  });

  it('survive a lock-wait timeout without keeping the half of the transaction done before it', async () => {
    const employee = await insertEmployee(db, employeeFields('lock-wait@xyz.example'));
    const bystander = await insertEmployee(db, employeeFields('lock-wait-bystander@xyz.example'));
    retries.length = 0;
    let releaseHolder!: () => void;
    const holderMayCommit = new Promise<void>((resolve) => (releaseHolder = resolve));
    let holderHasLock!: () => void;
    const holderLocked = new Promise<void>((resolve) => (holderHasLock = resolve));
    const holder = db.sequelize.transaction(async (transaction) => {
      await promoteToAdmin(db, employee.id, transaction);
      holderHasLock();
      await holderMayCommit;
    });
    await holderLocked;
    let runs = 0;
    const waiter = db.sequelize.transaction(async (transaction) => {
      runs += 1;
      // MariaDB's default is 50 s; one second keeps the test short. On a timeout only the statement is undone,
      // so the event written first would survive if the statement alone were retried.
      await db.sequelize.query('SET SESSION innodb_lock_wait_timeout = 1', { transaction });
      await promoteToAdmin(db, bystander.id, transaction);
      if (runs > 1) releaseHolder();
      await promoteToAdmin(db, employee.id, transaction);
    });
    // The holder lets go only once the waiter has timed out and started again.
    await Promise.all([holder, waiter]);
    expect(runs).toBe(2);
    expect(retries.map((event) => event.code)).toEqual(['ER_LOCK_WAIT_TIMEOUT']);
    expect(await roleChangeEvents(db, bystander.id)).toBe(1);
    expect(await roleChangeEvents(db, employee.id)).toBe(2);
  }, 20_000);
});
