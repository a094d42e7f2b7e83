import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type Database } from '~/db/database.server';
import { migrateDatabase } from '~/db/migrate.server';
import { nameOrderColumns } from '~/db/name-order-columns.server';
import { listDirectory } from '~/models/employee-admin-listing.server';
import { insertEmployee } from '~/models/employee.server';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '@test-support/databases';
import { COUNT_CAP, countDirectory, searchDirectory, searchWords } from './directory-search.server';

// [first, last, preferred, title, department, email or null for first.last]
const people: Array<[string, string, string | null, string, string, string | null]> = [
  ['Ada', 'Schmidt', null, 'Engineer', 'Engineering', null],
  ['Schuyler', 'Brown', null, 'Analyst', 'Finance', null],
  ['Bo', 'Adams', null, 'Scheduler', 'Operations', null],
  ['Cy', 'Zed', null, 'Engineer', 'Engineering', null], // pending
  ['Di', 'Schwarz', null, 'Designer', 'Marketing', null],
  ['Ed', 'Young', null, 'Schema Designer', 'Engineering', null],
  ['Flo', 'Xu', null, 'Writer', 'Marketing', 'scholar@xyz.example'],
  ['Marisol', 'Thorvaldsen', null, 'Software Engineer', 'Engineering', null],
  ['Grace', 'Andersen', null, 'Director', 'People', null],
  ['Grace', 'Lindqvist', null, 'Manager', 'Finance', null],
  ['Lars', 'Andersen', null, 'Analyst', 'Finance', null],
  ['Margaret', 'Olsen', 'Peggy', 'Coordinator', 'Operations', null],
  ['Mary Ann', 'van der Berg', null, 'Analyst', 'Legal', null],
];

const ids = (page: { employees: Array<{ displayName: string }> }) =>
  page.employees.map((employee) => employee.displayName);

describe.each(TEST_DIALECTS)('searchDirectory on %s', (dialect) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase(dialect);
    db = openDatabase(testDb.config);
    await migrateDatabase(db.sequelize);
    for (const [index, [firstName, lastName, preferredName, jobTitle, department, email]] of people.entries()) {
      await insertEmployee(db, {
        firstName,
        lastName,
        preferredName,
        workEmail: email ?? `${firstName}.${lastName}@xyz.example`.replace(/ /g, '').toLowerCase(),
        workPhone: null,
        jobTitle,
        department,
        managerId: null,
        officeLocation: null,
        startDate: null,
        bio: null,
        personalEmail: null,
        personalPhone: null,
        emergencyContactName: null,
        emergencyContactPhone: null,
        status: index === 3 ? 'pending' : 'active',
      });
    }
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await testDb?.drop();
  });

  it('really runs on the dialect under test', () => {
    expect(db.dialect).toBe(dialect === 'sqlite' ? 'sqlite' : 'mysql');
  });

  it('finds the same people, in the same order, as the general directory query for one word', async () => {
    for (const search of [undefined, 'sch', 'a', 'eng', 'zed', 'nobody', 'scholar@']) {
      for (const department of [undefined, 'Engineering']) {
        const expected = await listDirectory(db, { search, department, limit: 100 });
        const actual = await searchDirectory(db, { search, department, limit: 100 });
        expect(actual.employees.map((employee) => employee.id)).toEqual(
          expected.employees.map((employee) => employee.id),
        );
      }
    }
  });

  it('pages with the same cursors, once each, across the matches of every field', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await searchDirectory(db, { search: 'sch', after, limit: 2 });
      seen.push(...ids(result));
      if (!result.nextCursor) break;
      after = result.nextCursor;
    }
    // Schmidt and Schwarz by last name, Schuyler by first name, the Scheduler and the Schema Designer by
    // title, the scholar by email; never the pending one.
    expect(seen).toEqual(['Bo Adams', 'Schuyler Brown', 'Ada Schmidt', 'Di Schwarz', 'Flo Xu', 'Ed Young']);
  });

  it('finds a full name typed first name first, whole or with the last word unfinished', async () => {
    expect(ids(await searchDirectory(db, { search: 'Marisol Thorvaldsen', limit: 10 }))).toEqual([
      'Marisol Thorvaldsen',
    ]);
    expect(ids(await searchDirectory(db, { search: 'Marisol Thor', limit: 10 }))).toEqual(['Marisol Thorvaldsen']);
    expect(ids(await searchDirectory(db, { search: 'Grace Andersen', limit: 10 }))).toEqual(['Grace Andersen']);
    expect(ids(await searchDirectory(db, { search: 'Grace L', limit: 10 }))).toEqual(['Grace Lindqvist']);
    expect(ids(await searchDirectory(db, { search: 'Grace', limit: 10 }))).toEqual([
      'Grace Andersen',
      'Grace Lindqvist',
    ]);
  });

  it('finds last name first, ignores case and extra spaces', async () => {
    expect(ids(await searchDirectory(db, { search: 'Thorvaldsen Marisol', limit: 10 }))).toEqual([
      'Marisol Thorvaldsen',
    ]);
    expect(ids(await searchDirectory(db, { search: 'andersen gr', limit: 10 }))).toEqual(['Grace Andersen']);
    expect(ids(await searchDirectory(db, { search: '  mARISOL    tHOR  ', limit: 10 }))).toEqual([
      'Marisol Thorvaldsen',
    ]);
  });

  it('finds a preferred name with the last name, and names of several words', async () => {
    expect(ids(await searchDirectory(db, { search: 'Peggy Olsen', limit: 10 }))).toEqual(['Peggy Olsen']);
    expect(ids(await searchDirectory(db, { search: 'peggy ol', limit: 10 }))).toEqual(['Peggy Olsen']);
    expect(ids(await searchDirectory(db, { search: 'Mary Ann van der', limit: 10 }))).toEqual([
      'Mary Ann van der Berg',
    ]);
    expect(ids(await searchDirectory(db, { search: 'Mary van der Berg', limit: 10 }))).toEqual([
      'Mary Ann van der Berg',
    ]);
  });

  it('does not match the first name of one person with the last name of another', async () => {
    for (const search of ['Grace Thorvaldsen', 'Marisol Andersen', 'Lars Lindqvist', 'Peggy Andersen']) {
      expect(ids(await searchDirectory(db, { search, limit: 10 })), search).toEqual([]);
      expect(await countDirectory(db, { search }), search).toEqual({ count: 0, more: false });
    }
  });

  it('keeps the status and department filters on full-name matches', async () => {
    expect(ids(await searchDirectory(db, { search: 'Grace Andersen', department: 'Finance', limit: 10 }))).toEqual([]);
    expect(ids(await searchDirectory(db, { search: 'Cy Zed', limit: 10 }))).toEqual([]);
    expect(ids(await searchDirectory(db, { search: 'Cy Zed', status: 'pending', limit: 10 }))).toEqual(['Cy Zed']);
  });

  it('pages backwards with the `before` cursor to exactly the pages it came through', async () => {
    const forward: string[][] = [];
    const cursors: Array<{ next: string | null; previous: string | null }> = [];
    let after: string | undefined;
    for (let page = 0; page < 10; page++) {
      const result = await searchDirectory(db, { after, limit: 3 });
      forward.push(ids(result));
      cursors.push({ next: result.nextCursor, previous: result.previousCursor });
      if (!result.nextCursor) break;
      after = result.nextCursor;
    }
    expect(forward.flat()).toHaveLength(12); // the active people
    expect(cursors[0].previous).toBeNull();
    expect(cursors.at(-1)!.next).toBeNull();

    const backward: string[][] = [];
    let before = cursors.at(-1)!.previous;
    while (before) {
      const result = await searchDirectory(db, { before, limit: 3 });
      backward.unshift(ids(result));
      expect(result.nextCursor).not.toBeNull();
      before = result.previousCursor;
    }
    expect([...backward, forward.at(-1)]).toEqual(forward);
  });

  it('pages backwards through search results too, and fills the first page when little is left before', async () => {
    const second = await searchDirectory(db, {
      search: 'sch',
      after: (await searchDirectory(db, { search: 'sch', limit: 2 })).nextCursor!,
      limit: 2,
    });
    expect(ids(second)).toEqual(['Ada Schmidt', 'Di Schwarz']);
    const back = await searchDirectory(db, { search: 'sch', before: second.previousCursor!, limit: 2 });
    expect(ids(back)).toEqual(['Bo Adams', 'Schuyler Brown']);
    expect(back.previousCursor).toBeNull();
    // "Previous" from the second entry: only one entry lies before it, so the full first page is shown.
    const shortBack = await searchDirectory(db, { search: 'sch', before: back.nextCursor!, limit: 2 });
    expect(ids(shortBack)).toEqual(['Bo Adams', 'Schuyler Brown']);
    expect(shortBack.previousCursor).toBeNull();
  });

  it('ignores a cursor that is not one of ours', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), '%%%']) {
      expect(ids(await searchDirectory(db, { after: cursor, limit: 3 }))).toEqual(
        ids(await searchDirectory(db, { limit: 3 })),
      );
      expect(ids(await searchDirectory(db, { before: cursor, limit: 3 }))).toEqual(
        ids(await searchDirectory(db, { limit: 3 })),
      );
    }
  });

  it('counts the matches of the whole list, a department and a search', async () => {
    expect(await countDirectory(db, {})).toEqual({ count: 12, more: false });
    expect(await countDirectory(db, { department: 'Finance' })).toEqual({ count: 3, more: false });
    expect(await countDirectory(db, { search: 'sch' })).toEqual({ count: 6, more: false });
    expect(await countDirectory(db, { search: 'grace' })).toEqual({ count: 2, more: false });
    expect(await countDirectory(db, { search: 'andersen', department: 'Finance' })).toEqual({ count: 1, more: false });
    expect(await countDirectory(db, { status: 'pending' })).toEqual({ count: 1, more: false });
  });

  // Last: it adds people that the other cases do not expect.
  it('stops counting a search at its cap and says there are more', async () => {
    const now = new Date();
    const many = Array.from({ length: COUNT_CAP.search + 1 }, (_, index) => ({
      id: randomUUID(),
      employeeNumber: `C${String(index).padStart(7, '0')}`,
      firstName: 'Many',
      lastName: `Capped${index}`,
      workEmail: `many.capped${index}@xyz.example`,
      workEmailNormalized: `many.capped${index}@xyz.example`,
      jobTitle: 'Tester',
      department: 'Quality',
      status: 'active' as const,
      role: 'employee' as const,
      sortName: `capped${index} many`,
      ...nameOrderColumns({ firstName: 'Many', lastName: `Capped${index}` }),
      givenNameKey: 'many',
      jobTitleKey: 'tester',
      createdAt: now,
      updatedAt: now,
    }));
    await db.models.Employee.bulkCreate(many, { validate: false, hooks: false });
    expect(await countDirectory(db, { search: 'capped' })).toEqual({ count: COUNT_CAP.search, more: true });
    expect(await countDirectory(db, { search: 'many capped' })).toEqual({ count: COUNT_CAP.search, more: true });
    expect(await countDirectory(db, { department: 'Quality' })).toEqual({ count: COUNT_CAP.search + 1, more: false });
  });
});

describe('searchWords', () => {
  it('lower-cases and splits on any run of spaces', () => {
    expect(searchWords('  Marisol \t THOR ')).toEqual(['marisol', 'thor']);
    expect(searchWords(undefined)).toEqual([]);
    expect(searchWords('   ')).toEqual([]);
  });
});
