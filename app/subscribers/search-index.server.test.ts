/**
 * The search-index subscriber and the projection behind it, on SQLite and MariaDB, through the real event
 * seam (services write events, the dispatcher delivers them) into the real embedded index: only active
 * employees' public fields are ever findable, every kind of change reaches the index, and an outage of the
 * index is caught up afterwards without losing an event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { deleteEmployee } from '~/models/employee.server';
import { countUndeliveredEvents } from '~/models/event-outbox.server';
import { EmbeddedSearchIndex } from '~/search/embedded-search-index.server';
import type { SearchIndex } from '~/search/search-index.server';
import { recordEvent } from '~/services/domain-events.server';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import {
  activateEmployee,
  createEmployee,
  deactivateEmployee,
  reactivateEmployee,
  rejectEmployee,
  updateEmployee,
} from '~/services/employees.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { TEST_DIALECTS } from '@test-support/databases';
import { describeSearchFollowsFieldDefinitions } from '@test-support/search-field-definitions-suite';
import { searchIndexSubscriber } from './search-index.server';

const PERSONAL = {
  personalEmail: 'zanzibar.home@example.com',
  personalPhone: '+44 7700 900555',
  emergencyContactName: 'Quixotic Relative',
  emergencyContactPhone: '+44 7700 900556',
};

function fields(first: string, last: string, extra: Record<string, string> = {}) {
  return employeeFieldsSchema.parse({
    firstName: first,
    lastName: last,
    workEmail: `${first}.${last}@xyz.example`.toLowerCase(),
    jobTitle: 'Cartographer',
    department: 'Maps',
    officeLocation: 'Porto',
    skills: 'orienteering, gis',
    ...PERSONAL,
    ...extra,
  });
}

async function found(index: SearchIndex, text: string): Promise<string[]> {
  const result = await index.search({ text, facets: {}, page: 0, pageSize: 50 });
  return result.hits.map((hit) => `${hit.document.firstName} ${hit.document.lastName}`);
}

// On SQLite, and first: a Sequelize migration run against MariaDB leaves its column types unusable for SQLite.
describeSearchFollowsFieldDefinitions('embedded', { create: async () => new EmbeddedSearchIndex() });

describe.each(TEST_DIALECTS)('the search-index subscriber on %s', (dialect) => {
  let platform: TestPlatform;
  const index = new EmbeddedSearchIndex({ awaitFirstBuild: true });
  /** What the subscriber writes to: swapped for a closed index to stage an outage. */
  const target: { db: TestPlatform['db']; search: SearchIndex } = { db: undefined as never, search: index };
  const subscriber = searchIndexSubscriber(target);
  let clock = Date.now();
  /** Delivers everything due, moving the clock past any backoff. */
  const deliver = async () => {
    clock += 10 * 60 * 1000;
    return dispatchToSubscriber(platform.db, subscriber, { now: new Date(clock) });
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ dialect, photoTrigger: false });
    target.db = platform.db;
    await rebuildSearchIndex({ db: platform.db, search: index });
  });
  afterAll(async () => {
    await index.close();
    await platform?.close();
  });

  it('indexes an active employee by public fields only, never a personal field, from events and from a rebuild', async () => {
    await createEmployee(platform, { fields: fields('Odette', 'Vasquez'), status: 'active', source: 'admin' });
    await deliver();
    expect(await found(index, 'odette')).toEqual(['Odette Vasquez']);
    expect(await found(index, 'orienteering')).toEqual(['Odette Vasquez']);
    for (const personal of ['zanzibar', '900555', 'Quixotic', '900556', 'example.com']) {
      expect(await found(index, personal), personal).toEqual([]);
    }
    await rebuildSearchIndex({ db: platform.db, search: index });
    expect(await found(index, 'odette')).toEqual(['Odette Vasquez']);
    expect(await found(index, 'Quixotic')).toEqual([]);
    const [hit] = (await index.search({ text: 'odette', facets: {}, page: 0, pageSize: 1 })).hits;
    expect(Object.values(hit.document)).not.toContain(PERSONAL.personalPhone);
  });

  it('keeps pending and rejected profiles out, and follows activation, deactivation and reactivation', async () => {
    const pending = await createEmployee(platform, { fields: fields('Penny', 'Waiting'), source: 'join' });
    const rejected = await createEmployee(platform, { fields: fields('Rex', 'Refused'), source: 'join' });
    await rejectEmployee(platform, 'system', rejected.id, 'Not one of ours');
    await deliver();
    expect(await found(index, 'penny')).toEqual([]);
    expect(await found(index, 'rex')).toEqual([]);
    await rebuildSearchIndex({ db: platform.db, search: index });
    expect(await found(index, 'penny')).toEqual([]);
    expect(await found(index, 'refused')).toEqual([]);

    await activateEmployee(platform, 'system', pending.id);
    await deliver();
    expect(await found(index, 'penny')).toEqual(['Penny Waiting']);
    await deactivateEmployee(platform, 'system', pending.id, 'Left');
    await deliver();
    expect(await found(index, 'penny')).toEqual([]);
    await reactivateEmployee(platform, 'system', pending.id);
    await deliver();
    expect(await found(index, 'penny')).toEqual(['Penny Waiting']);
  });

  it('finds an edit by its new words and no longer by the old ones; a redelivered old event changes nothing', async () => {
    const employee = await createEmployee(platform, {
      fields: fields('Ulla', 'Edits'),
      status: 'active',
      source: 'admin',
    });
    await deliver();
    const before = await platform.db.models.Event.findOne({ where: { employeeId: employee.id }, raw: true });
    await updateEmployee(platform, 'system', employee.id, fields('Ulla', 'Edits', { jobTitle: 'Surveyor' }));
    await deliver();
    expect(await found(index, 'surveyor')).toEqual(['Ulla Edits']);
    expect(await found(index, 'ulla cartographer')).toEqual([]);
    // The created event again (at-least-once delivery): the index keeps the newer state.
    await subscriber.handle(JSON.parse((before as unknown as { body: string }).body));
    expect(await found(index, 'surveyor')).toEqual(['Ulla Edits']);
  });

  it('removes a deleted employee', async () => {
    const employee = await createEmployee(platform, {
      fields: fields('Dora', 'Deleted'),
      status: 'active',
      source: 'admin',
    });
    await deliver();
    expect(await found(index, 'dora')).toEqual(['Dora Deleted']);
    await platform.db.sequelize.transaction(async (transaction) => {
      await deleteEmployee(platform.db, employee.id, { transaction });
      await recordEvent(
        platform.db,
        { type: 'employee.deleted', version: 1, employeeId: employee.id, actorId: 'system' },
        { transaction },
      );
    });
    await deliver();
    expect(await found(index, 'dora')).toEqual([]);
  });

  it('catches up after the index was down, in order, without losing an event', async () => {
    const employee = await createEmployee(platform, {
      fields: fields('Otto', 'Outage'),
      status: 'active',
      source: 'admin',
    });
    const down = new EmbeddedSearchIndex();
    await down.close();
    target.search = down;
    await deliver();
    await updateEmployee(platform, 'system', employee.id, fields('Otto', 'Outage', { jobTitle: 'Navigator' }));
    const failed = await deliver();
    expect(failed.delivered).toBe(0);
    expect(await countUndeliveredEvents(platform.db, 'search-index')).toBe(2);
    expect(await found(index, 'otto')).toEqual([]);

    target.search = index;
    await deliver();
    expect(await countUndeliveredEvents(platform.db, 'search-index')).toBe(0);
    expect(await found(index, 'navigator')).toEqual(['Otto Outage']);
    expect(await found(index, 'otto cartographer')).toEqual([]);
  });
});
