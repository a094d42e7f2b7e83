/**
 * The search-index subscriber: keeps the directory's index in step with the employees table. Every event
 * it hears means "this employee may look different now", so it reads the employee's current public
 * projection (app/models/search-projection.server.ts) and writes it, or removes the employee when they are
 * gone or no longer active. The version is the employee's newest event seq, so a redelivered or late event
 * is ignored by the index, and the dispatcher's per-employee ordering keeps writes in order.
 *
 * When the index cannot answer, handle throws: the delivery stays undelivered and is retried with backoff
 * (event-dispatcher.server.ts), so the index catches up after an outage without losing an event.
 */
import type { Subscriber } from '~/services/event-dispatcher.server';
import { readSearchDocument } from '~/models/search-projection.server';
import type { Database } from '~/db/database.server';
import type { SearchIndex } from '~/search/search-index.server';

export function searchIndexSubscriber(platform: { db: Database; search: SearchIndex }): Subscriber {
  return {
    name: 'search-index',
    async handle(event) {
      // An erased person: no event about them can follow, so the index keeps no tombstone of them either.
      if (event.type === 'employee.deleted') return platform.search.forget(event.employeeId);
      const { version, document } = await readSearchDocument(platform.db, event.employeeId);
      if (document) await platform.search.upsert(document);
      else await platform.search.remove(event.employeeId, version);
    },
  };
}
