/**
 * The directory's search service: answers from the index (ranked, highlighted, faceted), and when the index
 * cannot answer, from today's SQL search, saying so, without ever writing the search terms to the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@test-support/auth-database';
import { createLogger } from '@shared/logger';
import type { Database } from '~/db/database.server';
import { insertEmployee } from '~/models/employee.server';
import { BUILT_IN_FIELD_DEFINITIONS as fieldDefinitions } from '~/models/field-definitions';
import { streamSearchDocuments } from '~/models/search-projection.server';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';
import { searchPeople, suggestPeople } from './people-search.server';

const person = (firstName: string, lastName: string, department: string) => ({
  firstName,
  lastName,
  preferredName: null,
  workEmail: `${firstName}.${lastName}@xyz.example`.toLowerCase(),
  workPhone: null,
  jobTitle: 'Surveyor',
  department,
  managerId: null,
  officeLocation: 'Porto',
  startDate: null,
  bio: null,
  skills: ['mapping'],
  personalEmail: null,
  personalPhone: null,
  emergencyContactName: null,
  emergencyContactPhone: null,
  status: 'active' as const,
});

describe('searching people', () => {
  let db: Database;
  let close: () => Promise<void>;
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const index = new EmbeddedSearchIndex();

  beforeAll(async () => {
    ({ db, close } = await openTestDatabase());
    await insertEmployee(db, person('Wilhelmina', 'Quarrington', 'Finance'));
    await insertEmployee(db, person('Wilbur', 'Quarrington', 'Sales'));
    await index.rebuild(streamSearchDocuments(db));
  });
  afterAll(async () => close());

  it('answers from the index: typo forgiven, words marked, facets counted', async () => {
    const result = await searchPeople(
      { db, search: index, log, fieldDefinitions },
      { text: 'wilhelmna', facets: {}, page: 0 },
    );
    expect(result.source).toBe('index');
    expect(result.people.map((p) => p.displayName)).toEqual(['Wilhelmina Quarrington']);
    expect(result.people[0].highlights.name).toBe('<mark>Wilhelmina</mark> Quarrington');
    if (result.source !== 'index') throw new Error('unreachable');
    expect(result.facets.department).toEqual([{ value: 'Finance', count: 1 }]);
  });

  it('falls back to the SQL search when the index is down, says which facets it cannot apply, and logs no terms', async () => {
    const down = new EmbeddedSearchIndex();
    await down.close();
    const result = await searchPeople(
      { db, search: down, log, fieldDefinitions },
      { text: 'quarring', facets: { department: ['Finance', 'Sales'], skills: ['mapping'] }, page: 0 },
    );
    expect(result.source).toBe('database');
    if (result.source !== 'database') throw new Error('unreachable');
    // SQL knows one department at a time, and nothing of skills: the page says so.
    expect(result.ignoredFacets).toEqual(['department', 'skills']);
    expect(result.people.map((p) => p.displayName)).toEqual(['Wilhelmina Quarrington']);
    // A typo finds nobody there (the simpler mode the page announces).
    const typo = await searchPeople(
      { db, search: down, log, fieldDefinitions },
      { text: 'wilhelmna', facets: {}, page: 0 },
    );
    expect(typo.people).toEqual([]);
    const warnings = lines.filter((line) => line.includes('search index unavailable'));
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.toLowerCase()).not.toMatch(/quarring|wilhelmna/);
  });

  it('gives the manager picker the same index, and the SQL search without it', async () => {
    expect((await suggestPeople({ db, search: index, log }, 'wilbr', 8)).map((p) => p.displayName)).toEqual([
      'Wilbur Quarrington',
    ]);
    const down = new EmbeddedSearchIndex();
    await down.close();
    expect((await suggestPeople({ db, search: down, log }, 'wilb', 8)).map((p) => p.displayName)).toEqual([
      'Wilbur Quarrington',
    ]);
  });
});
