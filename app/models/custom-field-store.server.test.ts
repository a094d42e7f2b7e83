/**
 * The definitions of the fields HR defines on each dialect (migration 014): added at the end, changed, moved and
 * retired with every change a new version (what each worker checks), the key and type never changed, a duplicate
 * key refused; and the cache a process holds re-reads them exactly when the version moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { addEmployee } from '@test-support/auth-database';
import { createLogger } from '@shared/logger';
import type { CustomFieldDefinition } from './custom-fields';
import {
  DuplicateFieldKeyError,
  insertCustomFieldDefinition,
  listCustomFieldDefinitions,
  moveCustomFieldDefinition,
  readCustomFieldsVersion,
  updateCustomFieldDefinition,
} from './custom-field-store.server';
import { forgetCustomFields, refreshCustomFields, type CustomFieldHolder } from '~/services/custom-field-cache.server';

const field = (key: string, extra: Partial<CustomFieldDefinition> = {}): Omit<CustomFieldDefinition, 'position'> => ({
  key,
  label: `Label ${key}`,
  helpText: 'Help, with “quotes” and ünïcode',
  type: 'several-choices',
  required: true,
  visibility: 'person-and-hr',
  editableBy: 'person',
  needsApproval: false,
  searchable: false,
  facet: false,
  section: 'About me',
  retired: false,
  options: [{ value: 'a', label: 'A', retired: false }],
  ...extra,
});

describe.each(TEST_DIALECTS)('the field definitions on %s', (dialect) => {
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

  it('adds, changes, moves and retires fields, each change a new version; a key is never taken twice', async () => {
    const start = await readCustomFieldsVersion(db);
    await insertCustomFieldDefinition(db, field('languages'));
    await insertCustomFieldDefinition(db, field('desk', { type: 'short-text', options: [], required: false }));
    expect(await readCustomFieldsVersion(db)).toBe(start + 2);
    const [languages, desk] = await listCustomFieldDefinitions(db);
    expect(languages).toEqual({ ...field('languages'), position: 1 });
    expect(desk).toMatchObject({ key: 'desk', position: 2, required: false, type: 'short-text' });

    await expect(insertCustomFieldDefinition(db, field('desk'))).rejects.toBeInstanceOf(DuplicateFieldKeyError);
    expect(await readCustomFieldsVersion(db)).toBe(start + 2);

    // A rename keeps the key and type whatever the change says; retiring an option keeps it in the list.
    await updateCustomFieldDefinition(db, 'languages', (stored) => ({
      ...stored,
      key: 'other',
      type: 'number',
      label: 'Languages spoken',
      options: [
        { ...stored.options[0]!, retired: true },
        { value: 'b', label: 'B', retired: false },
      ],
    }));
    expect(await moveCustomFieldDefinition(db, 'desk', 'up')).toBe(true);
    expect(await moveCustomFieldDefinition(db, 'desk', 'up')).toBe(false);
    await updateCustomFieldDefinition(db, 'desk', (stored) => ({ ...stored, retired: true }));
    expect(await readCustomFieldsVersion(db)).toBe(start + 5);
    // Unchanged: nothing written, no new version.
    await updateCustomFieldDefinition(db, 'desk', (stored) => ({ ...stored, retired: true }));
    expect(await updateCustomFieldDefinition(db, 'nothing', (stored) => stored)).toBeNull();
    expect(await readCustomFieldsVersion(db)).toBe(start + 5);

    expect(await listCustomFieldDefinitions(db)).toEqual([
      expect.objectContaining({ key: 'desk', position: 1, retired: true }),
      expect.objectContaining({
        key: 'languages',
        type: 'several-choices',
        label: 'Languages spoken',
        position: 2,
        options: [
          { value: 'a', label: 'A', retired: true },
          { value: 'b', label: 'B', retired: false },
        ],
      }),
    ]);
  });

  it("holds values on the employee's row, read with the private columns", async () => {
    const employee = await addEmployee(db);
    await db.models.Employee.update(
      { customFields: JSON.stringify({ languages: ['a'], desk: '4.12' }) },
      { where: { id: employee.id } },
    );
    const row = await db.models.Employee.findByPk(employee.id, { attributes: ['customFields'], raw: true });
    expect(JSON.parse((row as unknown as { customFields: string }).customFields)).toEqual({
      languages: ['a'],
      desk: '4.12',
    });
  });

  it("re-reads a process's copy only when the version moved", async () => {
    const holder: CustomFieldHolder = {
      db,
      log: createLogger({ level: 'error' }),
      customFields: [],
      customFieldsVersion: -1,
    };
    await refreshCustomFields(holder);
    expect(holder.customFields.map((definition) => definition.key)).toEqual(['desk', 'languages']);
    const version = holder.customFieldsVersion;
    await insertCustomFieldDefinition(db, field('pronouns', { type: 'short-text', options: [] }));
    forgetCustomFields(holder);
    await refreshCustomFields(holder);
    expect(holder.customFieldsVersion).toBe(version + 1);
    expect(holder.customFields.map((definition) => definition.key)).toEqual(['desk', 'languages', 'pronouns']);
  });
});
