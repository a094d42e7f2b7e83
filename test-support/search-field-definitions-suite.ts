/**
 * The search index follows the definitions of the fields HR defines, through the real event seam, on any engine
 * (docs/decisions/324-search-index-holds-everyone-fields.md): HR adds fields on /admin/fields (the admin service),
 * a value is set on a profile (`employee.updated` names `custom.<key>`), the search-index subscriber delivers, and
 * the value is found and counted exactly while everyone may see the field. Registered by the embedded index's
 * subscriber test and by the OpenSearch adapter's test, each with its own index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { FIELD_DEFINITIONS_STREAM } from '@shared/contracts/employee-events';
import type { SearchIndex, SearchQuery } from '~/search/search-index.server';
import { runFieldAdminAction } from '~/services/custom-field-admin.server';
import { getEmployeeEvents } from '~/services/domain-events.server';
import { dispatchToSubscriber } from '~/services/event-dispatcher.server';
import { createEmployee, updateEmployee } from '~/services/employees.server';
import { refreshCustomFields } from '~/services/custom-field-cache.server';
import { searchPeople, suggestPeople } from '~/services/people-search.server';
import { rebuildSearchIndex } from '~/services/search-reindex.server';
import { searchIndexSubscriber } from '~/subscribers/search-index.server';

export interface FieldDefinitionsSuiteOptions {
  create: () => Promise<SearchIndex>;
  timeoutMs?: number;
}

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(values)) data.set(name, value);
  return data;
}

const EVERYONE = { visibility: 'everyone', editableBy: 'person', searchable: 'on', facet: 'on' };

const profile = (first: string) =>
  employeeFieldsSchema.parse({
    firstName: first,
    lastName: 'Fieldtest',
    workEmail: `${first.toLowerCase()}.fieldtest@xyz.example`,
    jobTitle: 'Surveyor',
    department: 'Maps',
  });

export function describeSearchFollowsFieldDefinitions(label: string, options: FieldDefinitionsSuiteOptions): void {
  describe(`the search index follows the fields HR defines: ${label}`, { timeout: options.timeoutMs ?? 20_000 }, () => {
    let platform: TestPlatform;
    let index: SearchIndex;
    const ids: Record<string, string> = {};
    let rebuilds = 0;
    /** Set to make the subscriber's next rebuild fail, as an unreachable index would. */
    let failNextRebuild = false;
    let clock = Date.now();
    const deliver = async () => {
      clock += 10 * 60 * 1000;
      // The subscriber's index, counting its rebuilds.
      const counted: SearchIndex = {
        upsert: (doc) => index.upsert(doc),
        remove: (id, version) => index.remove(id, version),
        forget: (id) => index.forget(id),
        holds: (id) => index.holds(id),
        search: (asked) => index.search(asked),
        rebuild: (docs, rebuildOptions) => {
          if (failNextRebuild) {
            failNextRebuild = false;
            return Promise.reject(new Error('the index is unreachable'));
          }
          rebuilds += 1;
          return index.rebuild(docs, rebuildOptions);
        },
        stampDefinitions: (version) => index.stampDefinitions(version),
        ping: () => index.ping(),
        close: () => index.close(),
      };
      const subscriber = searchIndexSubscriber({ db: platform.db, search: counted });
      return dispatchToSubscriber(platform.db, subscriber, { now: new Date(clock) });
    };
    const query = (text: string, extra: Partial<SearchQuery> = {}): SearchQuery => ({
      text,
      facets: {},
      customFacets: { keys: ['desk_zone', 'clearance'], selected: {} },
      page: 0,
      pageSize: 50,
      ...extra,
    });
    const names = async (text: string, extra: Partial<SearchQuery> = {}) =>
      (await index.search(query(text, extra))).hits.map((hit) => hit.document.firstName);
    /** The directory's search as a page makes it: with the definitions this process holds now. */
    const directory = async (text: string) => {
      await refreshCustomFields(platform);
      return searchPeople({ ...platform, search: index }, { text, facets: {}, page: 0 });
    };
    const admin = async (values: Record<string, string>) => {
      const result = await runFieldAdminAction(platform, form(values), 'hr-admin-1');
      expect(result.ok, JSON.stringify(result)).toBe(true);
    };

    beforeAll(async () => {
      platform = await startTestPlatform({ photoTrigger: false });
      index = await options.create();
      await rebuildSearchIndex({ db: platform.db, search: index });
      // A choice HR lets everyone see and filter by, and a text field HR will restrict.
      await admin({
        intent: 'add',
        key: 'desk_zone',
        label: 'Desk zone',
        type: 'one-choice',
        options: 'Quayside North\nQuayside South',
        ...EVERYONE,
      });
      await admin({ intent: 'add', key: 'clearance', label: 'Clearance', type: 'short-text', ...EVERYONE });
      for (const [first, zone, clearance] of [
        ['Wendeline', 'quayside-north', 'Marrowgate level'],
        ['Ysolde', 'quayside-south', 'Tessellate level'],
      ]) {
        const person = await createEmployee(platform, { fields: profile(first), status: 'active', source: 'admin' });
        ids[first] = person.id;
        await updateEmployee(platform, 'hr-admin-1', person.id, profile(first), { desk_zone: zone, clearance });
      }
      await deliver();
    }, 60_000);
    afterAll(async () => {
      await index?.close();
      await platform?.close();
    });

    it('matches and counts a field while everyone may see it, and not at all once HR restricts it', async () => {
      expect(await names('marrowgate')).toEqual(['Wendeline']);
      const before = await index.search(query(''));
      // Facet values are the options' labels, counted like the built-in facets.
      expect(before.customFacets.desk_zone).toEqual([
        { value: 'Quayside North', count: 1 },
        { value: 'Quayside South', count: 1 },
      ]);
      expect(before.customFacets.clearance).toEqual([
        { value: 'Marrowgate level', count: 1 },
        { value: 'Tessellate level', count: 1 },
      ]);
      const filtered = query('', {
        customFacets: { keys: ['desk_zone'], selected: { desk_zone: ['Quayside South'] } },
      });
      expect((await index.search(filtered)).hits.map((hit) => hit.document.firstName)).toEqual(['Ysolde']);

      // HR makes the clearance HR-only (the form requires unticking searchable and facet with it).
      await admin({ intent: 'edit', key: 'clearance', label: 'Clearance', visibility: 'hr', editableBy: 'hr' });
      const [event] = (await getEmployeeEvents(platform.db, FIELD_DEFINITIONS_STREAM)).slice(-1);
      expect(event).toMatchObject({ type: 'field-definitions.changed', keys: ['clearance'], actorId: 'hr-admin-1' });
      expect(JSON.stringify(event)).not.toContain('Marrowgate');
      // Before the subscriber has run, the index still holds the text, but the directory no longer asks it: it
      // answers from the database, which matches no field HR defines.
      expect(await names('marrowgate')).toEqual(['Wendeline']);
      const meanwhile = await directory('marrowgate');
      expect([meanwhile.source, meanwhile.people]).toEqual(['database', []]);
      // The manager picker's suggestions (/api/people) likewise.
      expect(await suggestPeople({ ...platform, search: index }, 'marrowgate', 5)).toEqual([]);
      expect((await deliver()).delivered).toBe(1);
      expect(rebuilds).toBe(1);

      expect(await names('marrowgate')).toEqual([]);
      expect(await names('tessellate')).toEqual([]);
      const after = await index.search(query(''));
      expect(after.customFacets.clearance).toEqual([]);
      expect(after.hits.map((hit) => [hit.document.customText.clearance, hit.document.customFacets.clearance])).toEqual(
        [
          [undefined, undefined],
          [undefined, undefined],
        ],
      );
      expect(after.customFacets.desk_zone).toHaveLength(2);
      // Rebuilt and stamped with the new definitions: the index answers the directory again.
      const rebuilt = await directory('marrowgate');
      expect([rebuilt.source, rebuilt.people]).toEqual(['index', []]);
      // The directory offers only the facets in force, labelled by their fields, and cards show their values.
      await refreshCustomFields(platform);
      const page = await searchPeople({ ...platform, search: index }, { text: 'fieldtest', facets: {}, page: 0 });
      if (page.source !== 'index') throw new Error('the index should answer');
      expect(page.customFacets.map((facet) => facet.label)).toEqual(['Desk zone']);
      expect(page.people.map((card) => card.customFacets)).toEqual([
        [{ key: 'desk_zone', label: 'Desk zone', values: ['Quayside North'] }],
        [{ key: 'desk_zone', label: 'Desk zone', values: ['Quayside South'] }],
      ]);
    });

    it('follows a value change for the person, and a label change needs no reindex', async () => {
      await updateEmployee(platform, 'hr-admin-1', ids.Wendeline, profile('Wendeline'), {
        desk_zone: 'quayside-south',
      });
      await deliver();
      const south = { customFacets: { keys: ['desk_zone'], selected: { desk_zone: ['Quayside South'] } } };
      expect(await names('', south)).toEqual(['Wendeline', 'Ysolde']);
      const rebuildsBefore = rebuilds;
      await admin({ intent: 'edit', key: 'desk_zone', label: 'Desk area', ...EVERYONE });
      expect((await deliver()).delivered).toBe(1);
      expect(rebuilds).toBe(rebuildsBefore);
      expect(await names('quayside')).toEqual(['Wendeline', 'Ysolde']);
      // Not rebuilt but stamped: the directory is served by the index, not left on the database.
      expect((await directory('quayside')).source).toBe('index');
    });

    it('keeps the directory on the database while a failed rebuild waits for its retry, and not after', async () => {
      await admin({ intent: 'edit', key: 'desk_zone', label: 'Desk area', visibility: 'hr', editableBy: 'hr' });
      failNextRebuild = true;
      expect(await deliver()).toEqual({ delivered: 0, failed: 1 });
      const failed = await directory('quayside');
      expect([failed.source, failed.people]).toEqual(['database', []]);
      // The event is retried after its backoff, like any failed delivery.
      expect(await deliver()).toEqual({ delivered: 1, failed: 0 });
      const retried = await directory('quayside');
      expect([retried.source, retried.people]).toEqual(['index', []]);
    });
  });
}
