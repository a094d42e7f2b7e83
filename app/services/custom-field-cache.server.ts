/**
 * The fields HR defines, as each process holds them (`platform.customFields`): re-read from the database when the
 * definitions' version changed. The version is one primary-key read, made at most once per FRESH_FOR_MS (a page
 * asks for the platform several times: the session, the loader), so a change HR makes on one worker holds on
 * every worker within that time, and on HR's own worker at once (forgetCustomFields) (docs/decisions/023-hr-defined-field-storage.md). Kept apart
 * from app/platform.server.ts, which calls it, so that it needs only the parts of the platform it reads.
 */
import type { Database } from '~/db/database.server';
import type { CustomFieldDefinitions } from '~/models/custom-fields';
import { listCustomFieldDefinitions, readCustomFieldsVersion } from '~/models/custom-field-store.server';
import type { Logger } from '@shared/logger';

export interface CustomFieldHolder {
  db: Database;
  log: Logger;
  customFields: CustomFieldDefinitions;
  /** The version the held definitions were read at; -1 before the first read. */
  customFieldsVersion: number;
}

/** How long a version check holds: shorter than any person takes between saving a form and the next page. */
export const FRESH_FOR_MS = 100;

const checkedAt = new WeakMap<CustomFieldHolder, number>();

/**
 * After this process changed a definition: the next request re-reads them, whatever the time. Said on the holder
 * itself, so that it holds for every copy of this module (a test and the server bundle it drives).
 */
export function forgetCustomFields(holder: CustomFieldHolder): void {
  holder.customFieldsVersion = -1;
}

/** One check at a time per process: concurrent requests share it rather than each reading the definitions. */
const inFlight = new WeakMap<CustomFieldHolder, Promise<void>>();

export function refreshCustomFields(holder: CustomFieldHolder): Promise<void> {
  const running = inFlight.get(holder);
  if (running) return running;
  const last = checkedAt.get(holder);
  const fresh = holder.customFieldsVersion >= 0 && last !== undefined && Date.now() - last < FRESH_FOR_MS;
  if (fresh) return Promise.resolve();
  const check = (async () => {
    try {
      const version = await readCustomFieldsVersion(holder.db);
      checkedAt.set(holder, Date.now());
      if (version === holder.customFieldsVersion) return;
      const definitions = await listCustomFieldDefinitions(holder.db);
      holder.customFields = definitions;
      holder.customFieldsVersion = version;
    } catch (error) {
      // The database is down or not yet migrated: the definitions held stay in force, and the page that needs
      // the database reports the outage itself.
      holder.log.warn('could not check the custom field definitions', { error });
    } finally {
      inFlight.delete(holder);
    }
  })();
  inFlight.set(holder, check);
  return check;
}
