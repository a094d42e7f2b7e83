import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '~/db/database.server';
import { insertEmployee, listDirectory } from '~/models/employee.server';
import { openTestDatabase } from '@test-support/auth-database';
import { searchDirectory } from './directory-search.server';

let db: Database;
let close: () => Promise<void>;

const people = [
  ['Ada', 'Schmidt', 'Engineer', 'Engineering'],
  ['Schuyler', 'Brown', 'Analyst', 'Finance'],
  ['Bo', 'Adams', 'Scheduler', 'Operations'],
  ['Cy', 'Zed', 'Engineer', 'Engineering'],
  ['Di', 'Schwarz', 'Designer', 'Marketing'],
  ['Ed', 'Young', 'Schema Designer', 'Engineering'],
  ['Flo', 'Xu', 'Writer', 'Marketing'],
];

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  for (const [index, [firstName, lastName, jobTitle, department]] of people.entries()) {
    await insertEmployee(db, {
      firstName,
      lastName,
      preferredName: null,
      workEmail: index === 6 ? 'scholar@xyz.example' : `${firstName}.${lastName}@xyz.example`.toLowerCase(),
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
afterAll(async () => close());

describe('searchDirectory', () => {
  it('finds the same people, in the same order, as the general directory query', async () => {
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
      seen.push(...result.employees.map((employee) => employee.displayName));
      if (!result.nextCursor) break;
      after = result.nextCursor;
    }
    // Schmidt and Schwarz by last name, Schuyler by first name, the Scheduler and the Schema Designer by
    // title, the scholar by email; never the pending one.
    expect(seen).toEqual(['Bo Adams', 'Schuyler Brown', 'Ada Schmidt', 'Di Schwarz', 'Flo Xu', 'Ed Young']);
  });
});
