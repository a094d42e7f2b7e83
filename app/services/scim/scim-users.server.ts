/**
 * SCIM Users (RFC 7644 §3.3–3.6) over the employees: every write goes through the services the app's own forms
 * use (createEmployee, updateEmployee, deactivateEmployee, reactivateEmployee in app/services/employees.server.ts),
 * so the events, the org history, the manager-loop check, employee numbers and the search index work as for any
 * other change. What happens to a person is docs/decisions/328-scim-provisioned-people.md:
 *
 * - a create makes a profile with the fields sent (pending for HR, or active, by SCIM_NEW_PEOPLE); a create that
 *   names a userName or externalId already present answers 409 `uniqueness`, the unique indexes deciding a race;
 * - `active: false` or DELETE deactivates: the status, every session deleted, reset links ended; DELETE also hides
 *   the resource from the provider (404 after, RFC 7644 §3.6) while the profile stays for HR and retention;
 * - a manager named before it exists waits in scim_pending_managers and is set when it arrives.
 */
import { z } from 'zod';
import { DuplicateEmployeeError, getEmployee, getEmployeeByEmail } from '~/models/employee.server';
import { activeCustomFields, offeredForNewProfile, type CustomFieldValue } from '~/models/custom-fields';
import { employeeFieldsSchema, type EmployeeFields } from '~/models/employee-fields';
import type { PrivateEmployee } from '~/models/employee-projection.server';
import { getDisplayNames } from '~/models/employee.server';
import { deleteEmployeeSessions } from '~/models/session-store.server';
import {
  DuplicateExternalIdError,
  findEmployeeIdByExternalId,
  getEmployeesByIds,
  getScimStates,
  listWaitingForManager,
  setExternalId,
  setPendingManager,
  setScimDeleted,
} from '~/models/scim-users.server';
import type { Platform } from '~/platform.server';
import {
  createEmployee,
  deactivateEmployee,
  EmployeeNotFoundError,
  ErasureUnderWayError,
  reactivateEmployee,
  updateEmployee,
} from '~/services/employees.server';
import { mapEmployeeRow, parseRowCustomValues } from '~/services/employee-row-mapping.server';
import { ManagerCycleError } from '~/services/manager-graph.server';
import { emailDomainAllowed } from '~/services/profile-form.server';
import type { ScimClient } from './scim-auth.server';
import { ScimError } from './scim-error';
import {
  attributePathOf,
  SCIM_USER_ATTRIBUTES,
  scimUserBodySchema,
  type ScimUserBody,
} from './scim-user-mapping.server';
import { toScimUser, type ScimUserResource } from './scim-user-representation.server';
import { applyScimPatchDetailed } from './scim-patch';
import { userSchemas } from './user-schemas.server';
import { ENTERPRISE_USER_SCHEMA, PRODUCT_USER_SCHEMA } from './user-schema';

/** Who the activity log and the events name as having made the change: the connection, by its token's id. */
export function scimActorOf(client: ScimClient): string {
  return `scim:${client.id}`;
}

/** The reason kept with a deactivation the provider asked for (the person's notice and HR's page show it). */
export const PROVIDER_DEACTIVATION_REASON = 'Access ended by the company’s identity provider.';

const uuidSchema = z.string().uuid();

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** The resources of `ids` the provider may see (deleted-by-provider and unknown ids left out), in `ids`' order. */
export async function readScimUsers(platform: Platform, ids: readonly string[]): Promise<ScimUserResource[]> {
  const [employees, states] = await Promise.all([getEmployeesByIds(platform.db, ids), getScimStates(platform.db, ids)]);
  const managerIds = [...employees.values()].flatMap((employee) => (employee.managerId ? [employee.managerId] : []));
  const managerNames = await getDisplayNames(platform.db, managerIds);
  return ids.flatMap((id) => {
    const employee = employees.get(id);
    const state = states.get(id);
    if (!employee || !state || state.deletedAt) return [];
    return [
      toScimUser(platform, employee, {
        externalId: state.externalId,
        managerName: employee.managerId ? (managerNames.get(employee.managerId) ?? null) : null,
      }),
    ];
  });
}

export async function getScimUser(platform: Platform, id: string): Promise<ScimUserResource> {
  const [user] = uuidSchema.safeParse(id).success ? await readScimUsers(platform, [id]) : [];
  if (!user) throw new ScimError(404, null, `No User has the id “${id}”.`);
  return user;
}

// ---------------------------------------------------------------------------------------------------------------
// Preconditions (RFC 7644 §3.14)

/** Refuses with 412 when If-Match names none of the resource's current version (`*` matches any). */
export function checkIfMatch(ifMatch: string | null, current: ScimUserResource): void {
  if (ifMatch === null) return;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = ifMatch.split(',').map(opaque);
  if (wanted.includes('*') || wanted.includes(opaque(current.meta.version))) return;
  throw new ScimError(412, null, 'The User has changed since the version named in If-Match: read it again.');
}

// ---------------------------------------------------------------------------------------------------------------
// Parsing a body

export function parseScimUserBody(raw: unknown): ScimUserBody {
  const parsed = scimUserBodySchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.join('.') || 'body';
  if (issue.path.length === 0) throw new ScimError(400, 'invalidSyntax', `The body must be a SCIM User object.`);
  throw new ScimError(400, 'invalidValue', `${path}: ${issue.message}`);
}

/**
 * The row the import mapping reads, of the mapped attributes only: each one sent, or its stored value where the
 * body leaves it out (the fields SCIM does not map are not read here, and are kept as stored).
 */
function rowOf(body: ScimUserBody, stored: PrivateEmployee | null): Record<string, string> {
  const row: Record<string, string> = {};
  for (const attribute of SCIM_USER_ATTRIBUTES) {
    const value = attribute.read(body) ?? storedText(stored, attribute.column);
    if (value !== undefined) row[attribute.column] = value;
  }
  return row;
}

function storedText(stored: PrivateEmployee | null, column: string): string | undefined {
  const value = stored?.[column as keyof PrivateEmployee];
  return typeof value === 'string' ? value : undefined;
}

/** The employee's stored fields, as updateEmployee takes them. */
function fieldsOf(employee: PrivateEmployee): EmployeeFields {
  return Object.fromEntries(
    employeeFieldsSchema.keyof().options.map((key) => [key, employee[key]]),
  ) as unknown as EmployeeFields;
}

interface CheckedUser {
  fields: EmployeeFields;
  employeeNumber: string | undefined;
  customValues: Record<string, CustomFieldValue | null>;
  externalId: string | null | undefined;
  /** undefined: not said (kept); null: none; otherwise an id or externalId to resolve. */
  managerRef: string | null | undefined;
  active: boolean | undefined;
}

function mapFields(row: Record<string, string>) {
  const mapped = mapEmployeeRow(row);
  if (!mapped.ok) {
    const [first] = mapped.errors;
    const [column, ...message] = first!.split(': ');
    throw new ScimError(400, 'invalidValue', `${attributePathOf(column!)}: ${message.join(': ')}`);
  }
  return mapped.row;
}

/** Everything a create or replace writes, checked: the same mapping and messages as the CSV import. */
function checkUser(platform: Platform, body: ScimUserBody, stored: PrivateEmployee | null): CheckedUser {
  const email = body.userName.trim().toLowerCase();
  if (!z.string().email().safeParse(email).success) {
    throw new ScimError(400, 'invalidValue', 'userName: must be the person’s work email address');
  }
  if (!emailDomainAllowed(email, platform.env.ALLOWED_EMAIL_DOMAINS)) {
    const domains = platform.env.ALLOWED_EMAIL_DOMAINS.map((domain) => `@${domain}`).join(' or ');
    throw new ScimError(400, 'invalidValue', `userName: must end in ${domains}`);
  }
  const mapped = mapFields(rowOf(body, stored));
  // The mapped fields replace the stored ones; the rest (bio, skills, private details, ...) are kept.
  const mappedFields = Object.fromEntries(
    SCIM_USER_ATTRIBUTES.flatMap((attribute) =>
      attribute.column in mapped.fields
        ? [[attribute.column, mapped.fields[attribute.column as keyof EmployeeFields]]]
        : [],
    ),
  );
  return {
    fields: stored ? { ...fieldsOf(stored), ...mappedFields } : mapped.fields,
    employeeNumber: mapped.employeeNumber,
    customValues: checkCustomValues(platform, body, stored === null),
    externalId: body.externalId === undefined ? undefined : body.externalId || null,
    managerRef: body[ENTERPRISE_USER_SCHEMA]?.manager,
    active: body.active,
  };
}

/**
 * The values of HR's fields sent under this product's extension, read as the import reads a row's cells; the keys
 * not sent keep their values. A new person is offered no retired option, as on every form for a new profile.
 */
function checkCustomValues(platform: Platform, body: ScimUserBody, isNew: boolean) {
  const active = activeCustomFields(platform.customFields);
  // null: the whole extension removed, so every field of it is cleared.
  const sent =
    body[PRODUCT_USER_SCHEMA] === null
      ? Object.fromEntries(active.map((field) => [field.key, '']))
      : body[PRODUCT_USER_SCHEMA];
  if (!sent) return {};
  const unknown = Object.keys(sent).find((key) => !active.some((field) => field.key === key));
  if (unknown) throw new ScimError(400, 'invalidValue', `${PRODUCT_USER_SCHEMA}:${unknown}: no such attribute`);
  const fields = active.filter((field) => field.key in sent);
  const cells = Object.fromEntries(
    fields.map((field) => {
      const value = sent[field.key]!;
      return [`custom.${field.key}`, Array.isArray(value) ? value.join(',') : value];
    }),
  );
  const parsed = parseRowCustomValues(cells, isNew ? offeredForNewProfile(fields) : fields);
  if (parsed.errors.length > 0) {
    const message = parsed.errors[0]!;
    const field = fields.find((candidate) => message.startsWith(`${candidate.label}: `));
    const path = field ? `${PRODUCT_USER_SCHEMA}:${field.key}` : PRODUCT_USER_SCHEMA;
    throw new ScimError(400, 'invalidValue', `${path}: ${message.slice((field?.label.length ?? -2) + 2)}`);
  }
  return parsed.values;
}

// ---------------------------------------------------------------------------------------------------------------
// Managers

/** The employee a manager reference names: their id, or the externalId the provider gave them; null if none yet. */
async function resolveManager(platform: Platform, ref: string): Promise<string | null> {
  if (uuidSchema.safeParse(ref).success && (await getEmployee(platform.db, ref, 'public'))) return ref;
  return findEmployeeIdByExternalId(platform.db, ref);
}

/** Sets the manager on everyone who was waiting for the person just created (by their id or externalId). */
async function resolveWaitingReports(
  platform: Platform,
  client: ScimClient,
  manager: PrivateEmployee,
  externalId: string | null,
) {
  const waiting = await listWaitingForManager(platform.db, externalId ? [manager.id, externalId] : [manager.id]);
  for (const employeeId of waiting) {
    const report = await getEmployee(platform.db, employeeId, 'private');
    if (report) {
      try {
        await updateEmployee(platform, scimActorOf(client), employeeId, { ...fieldsOf(report), managerId: manager.id });
      } catch (error) {
        // The provider's data makes a loop: the report keeps no manager, and the provider hears of it at its next
        // write of that person (the loop is refused then with the path named).
        if (!(error instanceof ManagerCycleError)) throw error;
        platform.log.warn('SCIM: a waiting manager reference makes a loop; left unset', { employeeId });
      }
    }
    await setPendingManager(platform.db, employeeId, null);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

function uniqueness(attribute: 'userName' | 'externalId'): ScimError {
  return new ScimError(409, 'uniqueness', `${attribute}: another User has this value already`);
}

function loopRefusal(error: ManagerCycleError): ScimError {
  return new ScimError(400, 'invalidValue', `${ENTERPRISE_USER_SCHEMA}:manager: ${error.message}`);
}

export async function createScimUser(platform: Platform, client: ScimClient, raw: unknown): Promise<ScimUserResource> {
  const body = parseScimUserBody(raw);
  const checked = checkUser(platform, body, null);
  if (await getEmployeeByEmail(platform.db, checked.fields.workEmail)) throw uniqueness('userName');
  if (checked.externalId && (await findEmployeeIdByExternalId(platform.db, checked.externalId))) {
    throw uniqueness('externalId');
  }
  const managerId = checked.managerRef ? await resolveManager(platform, checked.managerRef) : null;
  const waitsFor = checked.managerRef && !managerId ? checked.managerRef : null;
  let created: PrivateEmployee;
  try {
    created = await createEmployee(platform, {
      fields: { ...checked.fields, managerId },
      customValues: checked.customValues,
      employeeNumber: checked.employeeNumber,
      status: platform.env.SCIM_NEW_PEOPLE === 'active' ? 'active' : 'pending',
      role: 'employee',
      actorId: scimActorOf(client),
      source: 'scim',
      inTransaction: async (transaction, employee) => {
        if (checked.externalId) await setExternalId(platform.db, employee.id, checked.externalId, { transaction });
        if (waitsFor) await setPendingManager(platform.db, employee.id, waitsFor, { transaction });
      },
    });
  } catch (error) {
    // The unique indexes decide between two identical creates at once: the second one gets the 409.
    if (error instanceof DuplicateEmployeeError) {
      if (error.field === 'workEmail') throw uniqueness('userName');
      throw new ScimError(409, 'uniqueness', `${ENTERPRISE_USER_SCHEMA}:employeeNumber: another User has this value`);
    }
    if (error instanceof DuplicateExternalIdError) throw uniqueness('externalId');
    throw error;
  }
  await resolveWaitingReports(platform, client, created, checked.externalId ?? null);
  if (checked.active === false) await deactivate(platform, client, created.id);
  return getScimUser(platform, created.id);
}

/**
 * PUT (and PATCH, once applied): what the body sends replaces what is stored; what it leaves out is kept (RFC 7644
 * §3.5.1). userName may change (a new work email); the employee number may not once given.
 */
export async function replaceScimUser(
  platform: Platform,
  client: ScimClient,
  id: string,
  raw: unknown,
  ifMatch: string | null,
): Promise<ScimUserResource> {
  const current = await getScimUser(platform, id);
  checkIfMatch(ifMatch, current);
  const stored = (await getEmployee(platform.db, id, 'private'))!;
  const body = parseScimUserBody(raw);
  const checked = checkUser(platform, body, stored);
  const sameEmail = await getEmployeeByEmail(platform.db, checked.fields.workEmail);
  if (sameEmail && sameEmail.id !== id) throw uniqueness('userName');
  if (checked.employeeNumber !== undefined && checked.employeeNumber !== stored.employeeNumber) {
    throw new ScimError(400, 'mutability', `${ENTERPRISE_USER_SCHEMA}:employeeNumber: cannot change once given`);
  }
  if (checked.externalId !== undefined && checked.externalId !== (current.externalId ?? null)) {
    if (checked.externalId && (await findEmployeeIdByExternalId(platform.db, checked.externalId))) {
      throw uniqueness('externalId');
    }
    try {
      await setExternalId(platform.db, id, checked.externalId);
    } catch (error) {
      if (error instanceof DuplicateExternalIdError) throw uniqueness('externalId');
      throw error;
    }
  }
  let managerId = stored.managerId;
  if (checked.managerRef !== undefined) {
    managerId = checked.managerRef ? await resolveManager(platform, checked.managerRef) : null;
    if (managerId === id) {
      throw new ScimError(400, 'invalidValue', `${ENTERPRISE_USER_SCHEMA}:manager: a person cannot manage themself`);
    }
    await setPendingManager(platform.db, id, checked.managerRef && !managerId ? checked.managerRef : null);
  }
  try {
    await updateEmployee(platform, scimActorOf(client), id, { ...checked.fields, managerId }, checked.customValues);
  } catch (error) {
    if (error instanceof ManagerCycleError) throw loopRefusal(error);
    if (error instanceof DuplicateEmployeeError) throw uniqueness('userName');
    if (error instanceof EmployeeNotFoundError) throw new ScimError(404, null, `No User has the id “${id}”.`);
    throw error;
  }
  if (checked.active === false) await deactivate(platform, client, id);
  if (checked.active === true) await reactivate(platform, client, id);
  return getScimUser(platform, id);
}

/**
 * PATCH (RFC 7644 §3.5.2, with Entra ID's forms: op names in any case, "True"/"False", `active` replaced without a
 * path): the operations applied to the current resource, then the result stored as a PUT of it would be. An
 * attribute the operations removed is sent as null, so that the PUT rule "left out is kept" does not keep it.
 */
export async function patchScimUser(
  platform: Platform,
  client: ScimClient,
  id: string,
  raw: unknown,
  ifMatch: string | null,
): Promise<ScimUserResource> {
  const current = await getScimUser(platform, id);
  checkIfMatch(ifMatch, current);
  // Attributes this product does not keep (Entra's default mappings send preferredLanguage, addresses,
  // name.formatted…) are skipped, not refused (docs/decisions/331-scim-filters-and-patch.md); their names are logged.
  const { resource: patched, ignored } = applyScimPatchDetailed(current, raw, userSchemas(platform.customFields));
  if (ignored.length > 0) platform.log.info('SCIM PATCH: attributes not kept here were ignored', { id, ignored });
  return replaceScimUser(platform, client, id, withRemovalsAsNull(current, patched), null);
}

/** `after`, with null for each attribute (and sub-attribute, one level down) `before` had and `after` lacks. */
function withRemovalsAsNull(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...after };
  for (const [key, value] of Object.entries(before)) {
    if (key === 'meta' || key === 'schemas' || key === 'id') continue;
    if (!(key in after) || after[key] === undefined) {
      result[key] = null;
    } else if (isPlainObject(value) && isPlainObject(after[key])) {
      const inner = { ...(after[key] as Record<string, unknown>) };
      for (const sub of Object.keys(value)) if (!(sub in inner)) inner[sub] = null;
      result[key] = inner;
    }
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** DELETE: deactivated like `active: false`, and gone for the provider; the profile stays for HR. */
export async function deleteScimUser(
  platform: Platform,
  client: ScimClient,
  id: string,
  ifMatch: string | null,
): Promise<void> {
  const current = await getScimUser(platform, id);
  checkIfMatch(ifMatch, current);
  await deactivate(platform, client, id);
  await setScimDeleted(platform.db, id, new Date());
}

/** Deactivates (when not already) and signs the person out everywhere, as HR's deactivation does. */
async function deactivate(platform: Platform, client: ScimClient, id: string): Promise<void> {
  const employee = await getEmployee(platform.db, id, 'public');
  if (employee && employee.status !== 'inactive') {
    await deactivateEmployee(platform, scimActorOf(client), id, PROVIDER_DEACTIVATION_REASON);
  }
  // Always: a session that slipped in between is ended too.
  await deleteEmployeeSessions(platform.db, id);
}

/**
 * `active: true` brings back a person the provider deactivated. One HR deactivated stays so (Okta sends
 * `active: true` with every update): HR's decision is undone on HR's page. A pending person stays pending.
 */
async function reactivate(platform: Platform, client: ScimClient, id: string): Promise<void> {
  const employee = await getEmployee(platform.db, id, 'private');
  if (!employee || employee.status !== 'inactive' || employee.statusReason !== PROVIDER_DEACTIVATION_REASON) return;
  try {
    await reactivateEmployee(platform, scimActorOf(client), id);
  } catch (error) {
    if (error instanceof ErasureUnderWayError) throw new ScimError(400, 'mutability', `active: ${error.message}`);
    throw error;
  }
}
