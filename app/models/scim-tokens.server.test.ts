/**
 * SCIM connection tokens in the database, on each dialect: a token is found until it expires or is revoked, never
 * by a wrong or unprefixed value; only its hash is stored; the list names the creator; "last used" is written at
 * most once per interval whoever asks (docs/decisions/330-scim-tokens.md).
 */
import { QueryTypes } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { insertEmployee } from './employee.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import {
  createScimToken,
  findLiveScimToken,
  listScimTokens,
  markScimTokenUsed,
  revokeScimToken,
} from './scim-tokens.server';

const DAY = 24 * 60 * 60 * 1000;

describe.each(TEST_DIALECTS)('SCIM tokens on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('finds a live token by its value until it expires or is revoked; stores only its hash', async () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const { id, token } = await createScimToken(
      db,
      { name: 'Entra ID', createdBy: null, expiresAt: new Date(now.getTime() + 30 * DAY) },
      now,
    );
    expect(token).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);
    expect(await findLiveScimToken(db, token, now)).toEqual({ id, name: 'Entra ID' });
    expect(await findLiveScimToken(db, `${token}x`, now)).toBeNull();
    expect(await findLiveScimToken(db, token.slice('scim_'.length), now)).toBeNull();
    expect(await findLiveScimToken(db, token, new Date(now.getTime() + 30 * DAY))).toBeNull();

    const stored = await db.sequelize.query<Record<string, unknown>>('SELECT * FROM scim_tokens WHERE id = :id', {
      replacements: { id },
      type: QueryTypes.SELECT,
    });
    expect(JSON.stringify(stored)).not.toContain(token.slice('scim_'.length));

    expect(await revokeScimToken(db, id, now)).toBe(true);
    expect(await revokeScimToken(db, id, now)).toBe(false);
    expect(await findLiveScimToken(db, token, now)).toBeNull();
  });

  it('lists tokens newest first with their creator, and one creator’s alone', async () => {
    const creator = await insertEmployee(db, {
      firstName: 'Hera',
      lastName: 'Admin',
      preferredName: null,
      workEmail: 'hera@xyz.example',
      workPhone: null,
      jobTitle: 'HR',
      department: 'People',
      managerId: null,
      officeLocation: null,
      startDate: null,
      bio: null,
      personalEmail: null,
      personalPhone: null,
      emergencyContactName: null,
      emergencyContactPhone: null,
      status: 'active',
    });
    const creatorId = creator.id;
    const later = new Date('2026-12-02T10:00:00Z');
    await createScimToken(
      db,
      { name: 'Okta', createdBy: creatorId, expiresAt: new Date(later.getTime() + DAY) },
      later,
    );
    const all = await listScimTokens(db);
    expect(all.map((token) => token.name)).toEqual(['Okta', 'Entra ID']);
    expect(all[0]).toMatchObject({
      createdBy: creatorId,
      createdByName: 'Hera Admin',
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(all[1]).toMatchObject({ createdByName: null, revokedAt: expect.any(Date) });
    expect((await listScimTokens(db, { createdBy: creatorId })).map((token) => token.name)).toEqual(['Okta']);
  });

  it('writes "last used" at most once per interval, however many ask', async () => {
    const [token] = await listScimTokens(db);
    const at = new Date('2026-12-03T10:00:00.000Z');
    await Promise.all([1, 2, 3].map(() => markScimTokenUsed(db, token!.id, at, 60_000)));
    await markScimTokenUsed(db, token!.id, new Date(at.getTime() + 59_000), 60_000);
    expect((await listScimTokens(db))[0]!.lastUsedAt).toEqual(at);
    const minuteLater = new Date(at.getTime() + 61_000);
    await markScimTokenUsed(db, token!.id, minuteLater, 60_000);
    expect((await listScimTokens(db))[0]!.lastUsedAt).toEqual(minuteLater);
  });
});
