/**
 * Join links in the database (docs/decisions/318-join-proves-the-work-address.md), on each dialect: a link finds its
 * address until it expires; it is used up exactly once however many submits race, together with the address's
 * other links, and not at all when the profile's transaction rolls back; the sweep deletes only expired ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import {
  consumeJoinRequest,
  createJoinRequest,
  deleteExpiredJoinRequests,
  findJoinRequest,
  JOIN_REQUEST_TTL_MS,
} from './join-requests.server';

describe.each(TEST_DIALECTS)('join links on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase({ ...testDb.config, poolMax: 20 });
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('finds the address for 24 hours, and never for an unknown or empty token', async () => {
    const now = Date.now();
    const token = await createJoinRequest(db, 'ada@xyz.example', now);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await findJoinRequest(db, token, now + JOIN_REQUEST_TTL_MS - 1)).toBe('ada@xyz.example');
    expect(await findJoinRequest(db, token, now + JOIN_REQUEST_TTL_MS)).toBeNull();
    expect(await findJoinRequest(db, `${token.slice(0, -1)}x`, now)).toBeNull();
    expect(await findJoinRequest(db, '', now)).toBeNull();
    expect(await consumeJoinRequest(db, token, 'ada@xyz.example', { now: now + JOIN_REQUEST_TTL_MS })).toBe(false);
  });

  it('is used up by exactly one of many racing submits, with the other links to that address; others stay', async () => {
    const token = await createJoinRequest(db, 'grace@xyz.example');
    const otherTab = await createJoinRequest(db, 'grace@xyz.example');
    const someoneElse = await createJoinRequest(db, 'alan@xyz.example');
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        db.sequelize.transaction((transaction) => consumeJoinRequest(db, token, 'grace@xyz.example', { transaction })),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await findJoinRequest(db, otherTab)).toBeNull();
    expect(await findJoinRequest(db, someoneElse)).toBe('alan@xyz.example');
  });

  it('stays usable when the transaction that creates the profile rolls back', async () => {
    const token = await createJoinRequest(db, 'barbara@xyz.example');
    await expect(
      db.sequelize.transaction(async (transaction) => {
        expect(await consumeJoinRequest(db, token, 'barbara@xyz.example', { transaction })).toBe(true);
        throw new Error('the profile could not be stored');
      }),
    ).rejects.toThrow('the profile could not be stored');
    expect(await findJoinRequest(db, token)).toBe('barbara@xyz.example');
  });

  it('the sweep deletes the expired links only', async () => {
    const now = Date.now();
    const old = await createJoinRequest(db, 'old@xyz.example', now - JOIN_REQUEST_TTL_MS - 1);
    const fresh = await createJoinRequest(db, 'fresh@xyz.example', now);
    expect(await deleteExpiredJoinRequests(db, now)).toBeGreaterThanOrEqual(1);
    expect(await findJoinRequest(db, old, now - JOIN_REQUEST_TTL_MS)).toBeNull();
    expect(await findJoinRequest(db, fresh, now)).toBe('fresh@xyz.example');
  });
});
