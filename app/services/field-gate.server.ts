/**
 * The one gate every reader of a person's fields goes through (docs/decisions/322-one-gate-for-fields.md): who the
 * reader is to the person (the person, their manager chain, HR, another employee, someone not yet trusted), and
 * which fields of the definitions (app/models/field-definitions.ts) that reader may see. Pages, the directory and
 * its search, /api/people, the CSV export, the archive and the view log ask here rather than name fields.
 */
import type { Database } from '~/db/database.server';
import type { EmployeeRole, EmployeeStatus } from '~/db/schema.server';
import {
  restrictedFieldKeys,
  type BuiltInFieldKey,
  type FieldDefinition,
  type FieldDefinitions,
} from '~/models/field-definitions';
import {
  activeCustomFields,
  customFieldInputName,
  parseStoredValues,
  type CustomFieldDefinition,
  type CustomFieldDefinitions,
  type CustomFieldValue,
} from '~/models/custom-fields';
import { listManagerChainIds, MANAGER_CHAIN_DEPTH } from '~/models/team.server';
import type { Platform } from '~/platform.server';

/**
 * Who reads, relative to the person read. A reader may be several at once (HR and the person's manager). Someone
 * who is not an active, signed-in employee (a visitor, a pending self-registered account) is `untrusted`: they
 * see nothing but what picking a manager on /join needs.
 */
export interface FieldReader {
  person: boolean;
  hr: boolean;
  managerChain: boolean;
  /** An active, signed-in employee. */
  employee: boolean;
}

/** Not signed in, or not yet checked by HR (a pending account reading anyone but themself). */
export const UNTRUSTED_READER: FieldReader = { person: false, hr: false, managerChain: false, employee: false };

/** An active employee with no relation to the person: what a list of many people (the directory) shows to all. */
export const ANY_EMPLOYEE: FieldReader = { ...UNTRUSTED_READER, employee: true };

/** An active HR admin (the export and other HR-only surfaces). */
export const HR_ADMIN: FieldReader = { person: false, hr: true, managerChain: false, employee: true };

/**
 * An identity provider's SCIM connection (docs/decisions/328-scim-provisioned-people.md): HR created its token and
 * it provisions HR's record of each person, so it reads what HR reads, on every person alike.
 */
export const PROVISIONING_CONNECTION: FieldReader = HR_ADMIN;

/** The person reading about themself (their own archive, whatever their account's status). */
export const PERSON_THEMSELF: FieldReader = { person: true, hr: false, managerChain: false, employee: true };

/** The signed-in account as the session guards give it (app/auth/user-session.server.ts). */
interface Viewer {
  id: string;
  role: EmployeeRole;
  status: EmployeeStatus;
}

/** A field as the gate needs it: a built-in definition, or one HR defined (app/models/custom-fields.ts). */
type Gated = Pick<FieldDefinition, 'visibility' | 'shownWhenPickingManager'>;

export function mayReadField(field: Gated, reader: FieldReader): boolean {
  switch (field.visibility) {
    case 'everyone':
      return reader.employee || reader.person || reader.hr || field.shownWhenPickingManager === true;
    case 'manager-chain-and-hr':
      return reader.managerChain || reader.hr;
    case 'person-and-hr':
      return reader.person || reader.hr;
    case 'hr':
      return reader.hr;
  }
}

/** The keys of the fields `reader` may see, in the definitions' order. */
export function visibleFieldKeys(definitions: FieldDefinitions, reader: FieldReader): BuiltInFieldKey[] {
  return definitions.filter((field) => mayReadField(field, reader)).map((field) => field.key);
}

/**
 * Only the fields `reader` may see of `values` (anything that is not a field, such as the id or the status, is
 * left out: the caller adds what its surface shows of the record itself).
 */
export function gateFields<T extends Partial<Record<BuiltInFieldKey, unknown>>>(
  definitions: FieldDefinitions,
  reader: FieldReader,
  values: T,
): Partial<Pick<T, BuiltInFieldKey & keyof T>> {
  const gated: Partial<Record<string, unknown>> = {};
  for (const key of visibleFieldKeys(definitions, reader)) {
    if (key in values) gated[key] = values[key];
  }
  return gated as Partial<Pick<T, BuiltInFieldKey & keyof T>>;
}

/**
 * The values of the fields HR defines that `reader` may see, in HR's order: retired fields and fields without a
 * value are left out. The same visibilities, read by the same mayReadField, as the built-in fields.
 */
export function gateCustomValues(
  definitions: CustomFieldDefinitions,
  reader: FieldReader,
  stored: string | null | undefined,
): Array<{ field: CustomFieldDefinition; value: CustomFieldValue }> {
  const values = parseStoredValues(stored);
  return activeCustomFields(definitions)
    .filter((field) => mayReadField(field, reader) && values[field.key] !== undefined)
    .map((field) => ({ field, value: values[field.key] }));
}

/** The fields HR defines that `reader` may see, whether or not they hold a value (the columns of an export). */
export function visibleCustomFields(definitions: CustomFieldDefinitions, reader: FieldReader): CustomFieldDefinition[] {
  return activeCustomFields(definitions).filter((field) => mayReadField(field, reader));
}

/**
 * The fields HR defines that `editor` may change on person's profile: the person those HR lets them change, HR
 * every one. A field the editor may not change keeps its stored value whatever the form sends.
 */
export function editableCustomFields(
  definitions: CustomFieldDefinitions,
  editor: { person: boolean; hr: boolean },
): CustomFieldDefinition[] {
  return activeCustomFields(definitions).filter(
    (field) => editor.hr || (editor.person && field.editableBy === 'person' && mayReadField(field, PERSON_THEMSELF)),
  );
}

/**
 * Whether who `viewer` is to person `personId` turns on the manager chain: an active employee who is neither the
 * person nor HR, when some field's visibility depends on it (the person and HR need no chain).
 */
export function managerChainDecides(definitions: readonly Gated[], viewer: Viewer | null, personId: string): boolean {
  return (
    !!viewer &&
    viewer.status === 'active' &&
    viewer.id !== personId &&
    viewer.role !== 'admin' &&
    definitions.some((field) => field.visibility === 'manager-chain-and-hr')
  );
}

/**
 * The reader `viewer` is to person `personId`. The manager chain (every manager above the person, up to
 * MANAGER_CHAIN_DEPTH levels) is read in one query, and only when it decides (managerChainDecides). A caller that
 * has just read the person's record passes its `managerId`: a person without a manager has no chain and a
 * viewer who is that manager is in it, with no query; otherwise the walk starts from that manager.
 */
export async function readerOf(
  db: Database,
  definitions: readonly Gated[],
  viewer: Viewer | null,
  personId: string,
  known: { managerId?: string | null } = {},
): Promise<FieldReader> {
  if (!viewer || viewer.status !== 'active') {
    return { ...UNTRUSTED_READER, person: viewer?.id === personId };
  }
  const person = viewer.id === personId;
  const hr = viewer.role === 'admin';
  const managerChain =
    managerChainDecides(definitions, viewer, personId) && (await inManagerChain(db, viewer.id, personId, known));
  return { person, hr, managerChain, employee: true };
}

async function inManagerChain(
  db: Database,
  viewerId: string,
  personId: string,
  known: { managerId?: string | null },
): Promise<boolean> {
  if (known.managerId === undefined) return (await listManagerChainIds(db, personId)).includes(viewerId);
  if (known.managerId === null) return false;
  if (known.managerId === viewerId) return true;
  // The person's manager is the chain's first level: the rest is at most MANAGER_CHAIN_DEPTH - 1 above them.
  const above = await listManagerChainIds(db, known.managerId, { maxDepth: MANAGER_CHAIN_DEPTH - 1 });
  return above.includes(viewerId);
}

/**
 * The restricted fields (visibility other than `everyone`) of person `personId` that `viewer` may see: what a
 * page or file showing them all hands over, and so what its view-log entry names.
 */
export async function restrictedFieldsFor(
  platform: Pick<Platform, 'db' | 'fieldDefinitions'> & Partial<Pick<Platform, 'customFields'>>,
  viewer: Viewer,
  personId: string,
): Promise<string[]> {
  const definitions = platform.fieldDefinitions;
  const custom = platform.customFields ?? [];
  const reader = await readerOf(platform.db, [...definitions, ...custom], viewer, personId);
  const visible = new Set(visibleFieldKeys(definitions, reader));
  return [
    ...restrictedFieldKeys(definitions).filter((key) => visible.has(key)),
    // The fields HR defines are named as the forms and events name them (custom.<key>).
    ...custom
      .filter((field) => field.visibility !== 'everyone' && mayReadField(field, reader))
      .map((field) => customFieldInputName(field.key)),
  ];
}
