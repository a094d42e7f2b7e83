/**
 * The SCIM Users service on MariaDB (the route suite, app/routes/scim-users.test.ts, runs the same on SQLite):
 * identical creates at once (the unique indexes decide, answered 409), the listing's filters over the employees
 * table with MariaDB's collations, and managers named before they exist.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEmployee } from '~/models/employee.server';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { ScimError } from './scim-error';
import { listScimUsers, parseListParams } from './scim-user-list.server';
import { createScimUser, deleteScimUser, replaceScimUser } from './scim-users.server';
import { ENTERPRISE_USER_SCHEMA } from './user-schema';

const client = { id: randomUUID(), name: 'Okta' };

function user(given: string, family: string, extra: Record<string, unknown> = {}) {
  const email = `${given.toLowerCase()}.${family.toLowerCase()}.${randomUUID().slice(0, 6)}@xyz.example`;
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: email,
    name: { givenName: given, familyName: family },
    title: 'Engineer',
    [ENTERPRISE_USER_SCHEMA]: { department: 'Platform' },
    ...extra,
  };
}

async function statusOf(work: Promise<unknown>): Promise<number> {
  try {
    await work;
    return 201;
  } catch (error) {
    if (error instanceof ScimError) return error.status;
    throw error;
  }
}

describe.each(['mariadb'] as const)('SCIM Users on %s', (dialect) => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false });
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('five identical creates at once make one person; the others are 409', async () => {
    const body = user('Rory', 'Race', { externalId: randomUUID() });
    const statuses = await Promise.all(
      Array.from({ length: 5 }, () => statusOf(createScimUser(platform, client, body))),
    );
    expect(statuses.sort()).toEqual([201, 409, 409, 409, 409]);
    const sameExternalId = await Promise.all([
      statusOf(createScimUser(platform, client, user('Sam', 'Race', { externalId: 'shared-ext' }))),
      statusOf(createScimUser(platform, client, user('Sol', 'Race', { externalId: 'shared-ext' }))),
    ]);
    expect(sameExternalId.sort()).toEqual([201, 409]);
    const listed = await listScimUsers(platform, parseListParams({ filter: 'name.familyName eq "race"' }));
    expect(listed.totalResults).toBe(2);
  });

  it('filters: case rules, text operators, dates, booleans, references, not/and/or', async () => {
    const family = 'Filtered';
    const boss = await createScimUser(platform, client, user('Ada', family));
    const bo = await createScimUser(
      platform,
      client,
      user('Bo', family, { [ENTERPRISE_USER_SCHEMA]: { department: 'Platform', manager: { value: boss.id } } }),
    );
    const cy = await createScimUser(platform, client, user('Cy', family, { title: 'Designer' }));
    await deleteScimUser(platform, client, cy.id, null);
    const dee = await createScimUser(platform, client, user('Dee', family));
    await replaceScimUser(
      platform,
      client,
      dee.id,
      { ...user('Dee', family), userName: dee.userName, active: false },
      null,
    );
    const count = async (filter: string) =>
      (await listScimUsers(platform, parseListParams({ filter: `name.familyName eq "${family}" and (${filter})` })))
        .totalResults;
    expect(await count(`userName eq "${String(boss.userName).toUpperCase()}"`)).toBe(1);
    expect(await count('name.givenName sw "a" or name.givenName ew "O"')).toBe(2);
    expect(await count('title co "gine"')).toBe(3);
    expect(await count('not (name.givenName eq "Ada")')).toBe(2);
    expect(await count('active eq false')).toBe(1);
    expect(await count(`${ENTERPRISE_USER_SCHEMA}:manager.value eq "${boss.id}"`)).toBe(1);
    expect(await count(`meta.created ge "${boss.meta.created}" and meta.created le "2999-01-01T00:00:00Z"`)).toBe(3);
    expect(await count('phoneNumbers pr')).toBe(0);
    expect(bo[ENTERPRISE_USER_SCHEMA]).toMatchObject({ manager: { value: boss.id } });
  });

  it('managers named by externalId before they exist are set when they arrive, in any order', async () => {
    const externalIds = Array.from({ length: 12 }, () => `mgr-${randomUUID().slice(0, 8)}`);
    const order = [11, 3, 7, 0, 9, 1, 5, 10, 2, 8, 4, 6];
    const ids = new Map<number, string>();
    for (const index of order) {
      const manager = index === 0 ? {} : { manager: { value: externalIds[Math.floor((index - 1) / 2)] } };
      const created = await createScimUser(
        platform,
        client,
        user('Tree', `Node${'abcdefghijkl'[index]}`, {
          externalId: externalIds[index],
          [ENTERPRISE_USER_SCHEMA]: { department: 'Platform', ...manager },
        }),
      );
      ids.set(index, created.id);
    }
    for (const [index, id] of ids) {
      const expected = index === 0 ? null : ids.get(Math.floor((index - 1) / 2));
      expect((await getEmployee(platform.db, id, 'public'))?.managerId ?? null).toBe(expected);
    }
  });
});
