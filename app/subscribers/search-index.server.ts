/**
 * The search-index subscriber: keeps the directory's index in step with the employees table. Every event
 * it hears about an employee means "this employee may look different now", so it reads the employee's current
 * public projection (app/models/search-projection.server.ts) and writes it, or removes the employee when they are
 * gone or no longer active. The version is the employee's newest event seq, so a redelivered or late event
 * is ignored by the index, and the dispatcher's per-employee ordering keeps writes in order.
 *
 * A change to the definitions of the fields HR defines that alters what the index may hold (a field's visibility,
 * searchable or facet, retired or restored, its options) rebuilds the whole index from the database with the
 * definitions now stored: zero downtime, the same path as `npm run search:reindex`
 * (docs/decisions/324-search-index-holds-everyone-fields.md). Any other change (a label, a help text, the order)
 * leaves the index as it is: the pages label facets from the definitions they read.
 *
 * Either way the index is stamped with the definitions version it now answers for (read before the rebuild reads
 * the definitions): until then the directory, holding newer definitions, answers from the database rather than
 * let the index match on a field just restricted. A rebuild that fails leaves the stamp as it was and throws, so
 * the event is retried like any other and the directory keeps to the database meanwhile.
 *
 * When the index cannot answer, handle throws: the delivery stays undelivered and is retried with backoff
 * (event-dispatcher.server.ts), so the index catches up after an outage without losing an event.
 */
import { FIELD_DEFINITIONS_STREAM, type FieldDefinitionAspect } from '@shared/contracts/employee-events';
import type { Subscriber } from '~/services/event-dispatcher.server';
import { readSearchDocument, streamSearchDocuments } from '~/models/search-projection.server';
import type { Database } from '~/db/database.server';
import type { FieldDefinitions } from '~/models/field-definitions';
import type { SearchIndex } from '~/search/search-index.server';
import { readCustomFieldsVersion } from '~/models/custom-field-store.server';
import { getEmployeeEvents } from '~/services/domain-events.server';

/** The settings of a field HR defines that decide whether, and how, the index holds its values. */
export const REINDEXING_ASPECTS: ReadonlySet<FieldDefinitionAspect> = new Set([
  'visibility',
  'searchable',
  'facet',
  'retired',
  'options',
]);

function reindexes(changed: readonly FieldDefinitionAspect[]): boolean {
  return changed.some((aspect) => REINDEXING_ASPECTS.has(aspect));
}

/** Whether a definition change recorded after `eventId` alters the index: its own delivery rebuilds and stamps. */
async function reindexingChangeFollows(db: Database, eventId: string): Promise<boolean> {
  const events = await getEmployeeEvents(db, FIELD_DEFINITIONS_STREAM);
  const at = events.findIndex((candidate) => candidate.eventId === eventId);
  return events.slice(at + 1).some((later) => later.type === 'field-definitions.changed' && reindexes(later.changed));
}

export function searchIndexSubscriber(platform: {
  db: Database;
  search: SearchIndex;
  /** The built-in fields' definitions in force (the code's by default; a test's). */
  fieldDefinitions?: FieldDefinitions;
}): Subscriber {
  return {
    name: 'search-index',
    async handle(event) {
      if (event.type === 'field-definitions.changed') {
        // Before the rebuild reads the definitions: a change made meanwhile leaves the stamp behind, never ahead.
        const definitionsVersion = await readCustomFieldsVersion(platform.db);
        if (reindexes(event.changed)) {
          await platform.search.rebuild(streamSearchDocuments(platform.db, { builtIn: platform.fieldDefinitions }), {
            definitionsVersion,
          });
        } else if (!(await reindexingChangeFollows(platform.db, event.eventId))) {
          // The events before this one were handled in order, and none since reindexes: the index holds what
          // these definitions allow. Read after the version, the later events include every change it counts.
          await platform.search.stampDefinitions(definitionsVersion);
        }
        return;
      }
      // An erased person: no event about them can follow, so the index keeps no tombstone of them either.
      if (event.type === 'employee.deleted') return platform.search.forget(event.employeeId);
      const { version, document } = await readSearchDocument(platform.db, event.employeeId, platform.fieldDefinitions);
      if (document) await platform.search.upsert(document);
      else await platform.search.remove(event.employeeId, version);
    },
  };
}
