/**
 * An employee as a SCIM User resource (RFC 7643 §4.1 and §4.3), read through the one field gate as the provisioning
 * connection reads (PROVISIONING_CONNECTION: HR's reader, docs/decisions/328-scim-provisioned-people.md), each
 * field written by its entry in the mapping (app/services/scim/scim-user-mapping.server.ts). `meta.version` is a
 * weak ETag over everything the resource says, so any change a provider could see changes it.
 */
import { createHash } from 'node:crypto';
import type { PrivateEmployee } from '~/models/employee-projection.server';
import type { Platform } from '~/platform.server';
import { publicBaseUrl } from '~/config/public-url.server';
import { gateCustomValues, gateFields, PROVISIONING_CONNECTION } from '~/services/field-gate.server';
import { SCIM_USER_ATTRIBUTES } from './scim-user-mapping.server';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PRODUCT_USER_SCHEMA } from './user-schema';

export type ScimUserResource = Record<string, unknown> & {
  schemas: string[];
  id: string;
  meta: { resourceType: 'User'; created: string; lastModified: string; location: string; version: string };
};

/** What the representation needs besides the record: the externalId and the manager's display name. */
export interface ScimUserExtras {
  externalId: string | null;
  managerName: string | null;
}

export function scimUserLocation(platform: Pick<Platform, 'env'>, id: string): string {
  return new URL(`/scim/v2/Users/${encodeURIComponent(id)}`, publicBaseUrl(platform.env)).href;
}

export function toScimUser(
  platform: Pick<Platform, 'env' | 'fieldDefinitions' | 'customFields'>,
  employee: PrivateEmployee,
  extras: ScimUserExtras,
): ScimUserResource {
  const fields = gateFields(platform.fieldDefinitions, PROVISIONING_CONNECTION, employee) as Partial<
    Record<string, unknown>
  >;
  const row: Partial<Record<string, string>> = { ...stringsOf(fields), employeeNumber: employee.employeeNumber };
  const user: Record<string, unknown> = {
    schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    id: employee.id,
    ...(extras.externalId ? { externalId: extras.externalId } : {}),
    name: {},
  };
  for (const attribute of SCIM_USER_ATTRIBUTES) {
    const value = row[attribute.column];
    if (value) attribute.write(user, value);
  }
  const name = user.name as Record<string, unknown>;
  if (name.givenName || name.familyName) name.formatted = [name.givenName, name.familyName].filter(Boolean).join(' ');
  if ('firstName' in fields && 'lastName' in fields) user.displayName = employee.displayName;
  user.active = employee.status !== 'inactive';
  if ('managerId' in fields && employee.managerId) {
    const enterprise = (user[ENTERPRISE_USER_SCHEMA] ??= {}) as Record<string, unknown>;
    enterprise.manager = {
      value: employee.managerId,
      $ref: scimUserLocation(platform, employee.managerId),
      ...(extras.managerName ? { displayName: extras.managerName } : {}),
    };
  }
  const custom = gateCustomValues(platform.customFields, PROVISIONING_CONNECTION, employee.customFields);
  if (custom.length > 0) {
    user.schemas = [...(user.schemas as string[]), PRODUCT_USER_SCHEMA];
    user[PRODUCT_USER_SCHEMA] = Object.fromEntries(custom.map(({ field, value }) => [field.key, value]));
  }
  const meta = {
    resourceType: 'User' as const,
    created: new Date(employee.createdAt).toISOString(),
    lastModified: new Date(employee.updatedAt).toISOString(),
    location: scimUserLocation(platform, employee.id),
  };
  const schemas = user.schemas as string[];
  return { ...user, schemas, id: employee.id, meta: { ...meta, version: weakEtagOf({ ...user, meta }) } };
}

/** The stored fields as the import row's text values (a list of skills is not mapped, so not needed here). */
function stringsOf(fields: Partial<Record<string, unknown>>): Partial<Record<string, string>> {
  const strings: Partial<Record<string, string>> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') strings[key] = value;
  }
  return strings;
}

function weakEtagOf(resource: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22)}"`;
}
