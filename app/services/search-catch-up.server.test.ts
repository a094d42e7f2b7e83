/**
 * A server restart with the embedded index kept in DATA_DIR (docs/decisions/029-embedded-index-on-disk.md): a
 * current file answers at once, with what changed while the server was down re-read; a file that cannot be
 * trusted (never completely built, other field definitions, a database older than it) is rebuilt.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';
import { createEmployee, deactivateEmployee, updateEmployee } from '~/services/employees.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { catchUpSearchIndex } from './search-catch-up.server';

function fields(first: string, last: string, extra: Record<string, string> = {}) {
  return employeeFieldsSchema.parse({
    firstName: first,
    lastName: last,
    workEmail: `${first}.${last}@xyz.example`.toLowerCase(),
    jobTitle: 'Surveyor',
    department: 'Maps',
    ...extra,
  });
}

async function found(index: EmbeddedSearchIndex, text: string): Promise<string[]> {
  const result = await index.search({ text, facets: {}, page: 0, pageSize: 50 });
  return result.hits.map((hit) => `${hit.document.firstName} ${hit.document.lastName}`).sort();
}

describe('the embedded index kept on disk, at a restart', () => {
  let platform: TestPlatform;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'search-catch-up-'));
  const file = path.join(dir, 'search-index.sqlite');
  const open = () => new EmbeddedSearchIndex({ awaitFirstBuild: true, file });

  beforeAll(async () => {
    platform = await startTestPlatform({ dialect: 'sqlite', photoTrigger: false });
  });
  afterAll(async () => {
    await platform?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is rebuilt when nothing complete was kept, then resumed without a rebuild, re-reading only what changed', async () => {
    const stays = await createEmployee(platform, {
      fields: fields('Maud', 'Stays'),
      status: 'active',
      source: 'admin',
    });
    const edited = await createEmployee(platform, {
      fields: fields('Ezra', 'Edited'),
      status: 'active',
      source: 'admin',
    });
    const leaves = await createEmployee(platform, {
      fields: fields('Lior', 'Leaves'),
      status: 'active',
      source: 'admin',
    });

    const first = open();
    expect(await catchUpSearchIndex({ db: platform.db, search: first })).toEqual({
      resumed: false,
      reason: 'no complete index was kept',
    });
    expect(await first.ping()).toBe(false);
    await rebuildSearchIndex({ db: platform.db, search: first });
    expect(await found(first, 'maps')).toEqual(['Ezra Edited', 'Lior Leaves', 'Maud Stays']);
    await first.close();

    // While the server is down: an edit, a deactivation, a new colleague.
    await updateEmployee(platform, 'system', edited.id, fields('Ezra', 'Edited', { jobTitle: 'Hydrographer' }));
    await deactivateEmployee(platform, 'system', leaves.id, 'Left');
    await createEmployee(platform, { fields: fields('Nia', 'New'), status: 'active', source: 'admin' });

    const second = open();
    const caughtUp = await catchUpSearchIndex({ db: platform.db, search: second });
    expect(caughtUp).toMatchObject({ resumed: true, reread: 3 });
    expect(await second.ping()).toBe(true);
    expect(await found(second, 'maps')).toEqual(['Ezra Edited', 'Maud Stays', 'Nia New']);
    expect(await found(second, 'hydrographer')).toEqual(['Ezra Edited']);
    expect(await found(second, 'lior')).toEqual([]);
    expect(await second.holds(stays.id)).toBe(true);
    await second.close();

    // Nothing changed since: nothing re-read.
    const third = open();
    expect(await catchUpSearchIndex({ db: platform.db, search: third })).toMatchObject({ resumed: true, reread: 0 });
    expect(await found(third, 'maud')).toEqual(['Maud Stays']);
    await third.close();
  });

  it('is rebuilt when the database is older than the index (a restored backup, another database)', async () => {
    const index = open();
    await index.upsert({
      id: '00000000-0000-4000-8000-00000000a11e',
      version: 10_000_000,
      firstName: 'From',
      lastName: 'Elsewhere',
      preferredName: null,
      jobTitle: 'Ghost',
      department: 'Maps',
      officeLocation: null,
      skills: [],
      bio: null,
      workEmail: 'from.elsewhere@xyz.example',
      photoId: null,
      role: 'employee',
      customText: {},
      customFacets: {},
    });
    await index.close();
    const reopened = open();
    expect(await catchUpSearchIndex({ db: platform.db, search: reopened })).toEqual({
      resumed: false,
      reason: 'the index holds a change the database does not have',
    });
    expect(await reopened.ping()).toBe(false);
    await reopened.close();
  });
});
