/**
 * A request never waits on the database for longer than the configured bounds (decision 012): a database that
 * accepts connections but never answers, a pool whose connections are all busy, a row another transaction holds.
 * Each fails with an error the pages answer 503 for, within its bound.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryTypes } from 'sequelize';
import { createTestDatabase, type TestDatabase } from '@test-support/databases';
import { isStoreUnavailable } from '~/utils/store-unavailable.server';
import { closeDatabase, openDatabase, type Database } from './database.server';

async function elapsed(work: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

describe('waiting on the database is bounded', () => {
  it('a database that accepts and never answers fails the first query within the connect timeout', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const db = openDatabase({
      url: `mysql://root@127.0.0.1:${port}/employees`,
      waits: { connectTimeoutMs: 500, acquireTimeoutMs: 5_000, lockWaitTimeoutSeconds: 5 },
    });
    try {
      const { error, ms } = await elapsed(() => db.sequelize.query('SELECT 1'));
      expect(isStoreUnavailable(error)).toBe(true);
      // The connect timeout, and Sequelize's one retry of it; far from mysql2's default 10 s.
      expect(ms).toBeLessThan(2_500);
    } finally {
      await closeDatabase(db);
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('on MariaDB', () => {
    let testDb: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      testDb = await createTestDatabase('mariadb');
      db = openDatabase({
        ...testDb.config,
        poolMax: 2,
        waits: { connectTimeoutMs: 3_000, acquireTimeoutMs: 400, lockWaitTimeoutSeconds: 1 },
      });
    });
    afterAll(async () => {
      if (db) await closeDatabase(db);
      await testDb?.drop();
    });

    it('every connection takes the lock-wait bound, and a held row fails its waiter after two tries of it', async () => {
      const [row] = await db.sequelize.query<{ wait: number }>('SELECT @@SESSION.innodb_lock_wait_timeout AS wait', {
        type: QueryTypes.SELECT,
      });
      expect(Number(row!.wait)).toBe(1);
      await db.sequelize.query('CREATE TABLE wait_probe (id INT PRIMARY KEY, n INT)');
      await db.sequelize.query('INSERT INTO wait_probe VALUES (1, 0)');
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const holding = new Promise<void>((resolve) => (locked = resolve));
      const holder = db.sequelize.transaction(async (transaction) => {
        await db.sequelize.query('UPDATE wait_probe SET n = n + 1 WHERE id = 1', { transaction });
        locked();
        await released;
      });
      await holding;
      const { error, ms } = await elapsed(() => db.sequelize.query('UPDATE wait_probe SET n = n + 10 WHERE id = 1'));
      release();
      await holder;
      expect((error as { original?: { errno?: number } }).original?.errno).toBe(1205);
      // Two waits of one second (the first try and one retry), not InnoDB's 50 s, nor six tries.
      expect(ms).toBeGreaterThanOrEqual(1_900);
      expect(ms).toBeLessThan(4_000);
    }, 20_000);

    it('a request that finds every pooled connection busy fails within the acquire timeout, as "unavailable"', async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const busy = [1, 2].map(() => db.sequelize.transaction(() => released));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { error, ms } = await elapsed(() => db.sequelize.query('SELECT 1'));
      release();
      await Promise.all(busy);
      expect((error as Error).name).toBe('SequelizeConnectionAcquireTimeoutError');
      expect(isStoreUnavailable(error)).toBe(true);
      expect(ms).toBeLessThan(1_500);
    });
  });
});
