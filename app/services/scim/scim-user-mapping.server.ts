/**
 * Which SCIM User attribute is which employee field: one table, read both ways. A request's attributes become a
 * row of named text values, the row the CSV import reads (app/services/employee-row-mapping.server.ts, its
 * columns named as PROFILE_FIELD_NAMES names them), so a SCIM user is checked by the same schema with the same
 * messages; the stored fields go back into the representation through the same entries. Each employee field is
 * mapped once. The table also names each attribute's column for filters and sorting.
 *
 * Not mapped: the person's own words and private details (bio, skills, personal contacts: theirs to complete at
 * first sign-in), the start date, the role (never granted by a provider) and the status (`active`, handled apart).
 */
import { z } from 'zod';
import type { PROFILE_FIELD_NAMES } from '~/models/employee-fields';
import { ENTERPRISE_USER_SCHEMA, PRODUCT_USER_SCHEMA } from './user-schema';

/** A column of the import's row (app/routes/admin/import-columns.ts lists them for the import page). */
export type RowColumn = (typeof PROFILE_FIELD_NAMES)[number] | 'employeeNumber';

/** A boolean as providers send one: Entra sends "True" and "False" as strings. */
const scimBoolean = z
  .union([z.boolean(), z.enum(['True', 'False', 'true', 'false'])])
  .transform((value) => value === true || value === 'True' || value === 'true');

const text = z.string().max(2000, 'must be at most 2000 characters');

const multiValued = z.array(
  z
    .object({
      value: text.optional(),
      type: z.string().max(64).optional(),
      primary: scimBoolean.optional(),
      display: text.optional(),
    })
    .passthrough(),
);

const address = z.array(
  z
    .object({
      type: z.string().max(64).optional(),
      locality: text.optional(),
      formatted: text.optional(),
      primary: scimBoolean.optional(),
    })
    .passthrough(),
);

/** The manager as providers send it: Okta `{ value }`, Entra's PATCH a bare id; null or "" for none. */
const managerReference = z
  .union([z.object({ value: z.string().max(255).nullable().optional() }).passthrough(), z.string().max(255)])
  .nullable()
  .optional()
  .transform((manager) => {
    if (manager === undefined) return undefined;
    const value = typeof manager === 'string' ? manager : (manager?.value ?? null);
    return value && value.trim() ? value.trim() : null;
  });

/** An HR-defined field's value: text, or a list for several choices; numbers and booleans as their text. */
const productValue = z
  .union([z.string().max(2000), z.array(z.string().max(200)).max(50), z.number(), z.boolean(), z.null()])
  .transform((value) => (value === null ? '' : Array.isArray(value) ? value : String(value)));

/**
 * A User as this product reads one (RFC 7643 §4.1, the enterprise extension and this product's own). Attributes it
 * does not keep (locale, roles, ...) pass through unread, as providers send many.
 */
export const scimUserBodySchema = z
  .object({
    schemas: z.array(z.string()).optional(),
    userName: z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).max(254),
    externalId: z.string().trim().max(255).nullable().optional(),
    name: z
      .object({ givenName: text.nullable().optional(), familyName: text.nullable().optional() })
      .passthrough()
      .nullable()
      .optional(),
    displayName: text.nullable().optional(),
    nickName: text.nullable().optional(),
    title: text.nullable().optional(),
    // null (the attribute removed by a PATCH): left as it is; only false deactivates.
    active: scimBoolean
      .nullable()
      .optional()
      .transform((value) => value ?? undefined),
    emails: multiValued.nullable().optional(),
    phoneNumbers: multiValued.nullable().optional(),
    addresses: address.nullable().optional(),
    [ENTERPRISE_USER_SCHEMA]: z
      .object({
        employeeNumber: z.string().max(64).nullable().optional(),
        department: text.nullable().optional(),
        manager: managerReference,
      })
      .passthrough()
      .nullable()
      .optional()
      // The whole extension removed: its attributes cleared (the employee number stays: it cannot change).
      .transform((value) => (value === null ? { department: null, manager: null } : value)),
    [PRODUCT_USER_SCHEMA]: z.record(productValue).nullable().optional(),
  })
  .passthrough();

export type ScimUserBody = z.output<typeof scimUserBodySchema>;
type Representation = Record<string, unknown>;

/** The work one of a multi-valued attribute: typed "work", else the primary one, else the only one. */
function workEntry<T extends { type?: string; primary?: boolean }>(list: readonly T[] | null | undefined) {
  if (!list || list.length === 0) return undefined;
  return (
    list.find((entry) => entry.type?.toLowerCase() === 'work') ??
    list.find((entry) => entry.primary) ??
    (list.length === 1 ? list[0] : undefined)
  );
}

function enterpriseOf(user: Representation): Representation {
  return (user[ENTERPRISE_USER_SCHEMA] ??= {}) as Representation;
}

/**
 * What the body says of a value: undefined when it leaves the attribute out, which keeps what is stored (RFC 7644
 * §3.5.1: an omitted attribute is "not asserted"), and '' when it sends null or nothing, which clears it.
 */
function sent(value: string | null | undefined): string | undefined {
  return value === undefined ? undefined : (value ?? '');
}

/**
 * The given or family name from `displayName` when the provider sent no `name` at all: all but the last word, and
 * the last word, as the identity provider's sign-in does (app/services/oidc-sign-in.server.ts).
 */
function derivedName(body: ScimUserBody, part: 'given' | 'family'): string | undefined {
  if (!body.displayName) return undefined;
  const parts = body.displayName.trim().split(/\s+/).filter(Boolean);
  if (part === 'family') return parts.length > 1 ? parts.at(-1)! : '';
  return parts.slice(0, -1).join(' ') || (parts[0] ?? '');
}

export interface MappedAttribute {
  column: RowColumn;
  /** The attribute as SCIM names it (in errors, filters and sortBy). */
  path: string;
  /** The employees table's column, for filters and sorting. */
  sqlColumn: string;
  /** The value sent ('' when sent empty), or undefined: the body leaves it as stored (a PUT without that extension). */
  read(body: ScimUserBody): string | undefined;
  /** Puts a stored value (already through the field gate) into the representation. */
  write(user: Representation, value: string): void;
}

export const SCIM_USER_ATTRIBUTES: readonly MappedAttribute[] = [
  {
    column: 'workEmail',
    path: 'userName',
    sqlColumn: 'work_email_normalized',
    read: (body) => body.userName,
    write: (user, value) => {
      user.userName = value;
      user.emails = [{ value, type: 'work', primary: true }];
    },
  },
  {
    column: 'firstName',
    path: 'name.givenName',
    sqlColumn: 'first_name',
    read: (body) => (body.name === undefined ? derivedName(body, 'given') : sent(body.name?.givenName)),
    write: (user, value) => ((user.name as Representation).givenName = value),
  },
  {
    column: 'lastName',
    path: 'name.familyName',
    sqlColumn: 'last_name',
    read: (body) => (body.name === undefined ? derivedName(body, 'family') : sent(body.name?.familyName)),
    write: (user, value) => ((user.name as Representation).familyName = value),
  },
  {
    column: 'preferredName',
    path: 'nickName',
    sqlColumn: 'preferred_name',
    read: (body) => sent(body.nickName),
    write: (user, value) => (user.nickName = value),
  },
  {
    column: 'workPhone',
    path: 'phoneNumbers[type eq "work"].value',
    sqlColumn: 'work_phone',
    read: (body) => (body.phoneNumbers === undefined ? undefined : (workEntry(body.phoneNumbers)?.value ?? '')),
    write: (user, value) => (user.phoneNumbers = [{ value, type: 'work', primary: true }]),
  },
  {
    column: 'jobTitle',
    path: 'title',
    sqlColumn: 'job_title',
    read: (body) => sent(body.title),
    write: (user, value) => (user.title = value),
  },
  {
    column: 'officeLocation',
    path: 'addresses[type eq "work"].locality',
    sqlColumn: 'office_location',
    read: (body) => (body.addresses === undefined ? undefined : (workEntry(body.addresses)?.locality ?? '')),
    write: (user, value) => (user.addresses = [{ type: 'work', locality: value, primary: true }]),
  },
  {
    column: 'department',
    path: `${ENTERPRISE_USER_SCHEMA}:department`,
    sqlColumn: 'department',
    read: (body) => sent(body[ENTERPRISE_USER_SCHEMA]?.department),
    write: (user, value) => (enterpriseOf(user).department = value),
  },
  {
    column: 'employeeNumber',
    path: `${ENTERPRISE_USER_SCHEMA}:employeeNumber`,
    sqlColumn: 'employee_number',
    // Left out, the number stays (the system gave one); it is set at creation and cannot change after.
    read: (body) => body[ENTERPRISE_USER_SCHEMA]?.employeeNumber ?? undefined,
    write: (user, value) => (enterpriseOf(user).employeeNumber = value),
  },
];

/** The attribute path an import column's error names ("jobTitle: ..." becomes "title: ..."). */
export function attributePathOf(column: string): string {
  return SCIM_USER_ATTRIBUTES.find((attribute) => attribute.column === column)?.path ?? column;
}
