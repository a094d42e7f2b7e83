/**
 * Attributes RFC 7643 defines for a User (§4.1 core, §4.3 enterprise) that this service provider does not
 * store, and readOnly values a client sends: both are ignored, not refused (docs/decisions/331-scim-filters-and-patch.md).
 *
 * Entra ID's default attribute mappings send `preferredLanguage`, `addresses[type eq "work"].…` and
 * `name.formatted`; refusing them would fail every provisioning until an admin edits the mappings. A name the
 * RFC does not define (a typo) is still refused by PATCH. What is stored is read from the schemas offered, so an
 * attribute this product starts storing (added to app/services/scim/user-schema.ts) stops being ignored.
 *
 * Use for POST and PUT bodies: `const { body, ignored } = dropUnsupportedScimAttributes(raw, USER_SCHEMAS)`, then
 * read `body`, and log `ignored` (attribute names only, never values). PATCH does the same inside
 * `applyScimPatchDetailed` (app/services/scim/scim-patch.ts).
 */
import { findByName, findSchema, isCoreSchema } from './scim-resource';
import {
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  type ScimAttributeDefinition,
  type ScimSchemaDefinition,
} from './user-schema';

const MULTI_VALUED = ['value', 'display', 'type', 'primary'];

/** Each attribute the RFC defines, with its sub-attributes (none for a simple one), by schema URN. */
const RFC_USER_ATTRIBUTES: Record<string, Record<string, readonly string[]>> = {
  [CORE_USER_SCHEMA]: {
    userName: [],
    name: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'],
    displayName: [],
    nickName: [],
    profileUrl: [],
    title: [],
    userType: [],
    preferredLanguage: [],
    locale: [],
    timezone: [],
    active: [],
    // writeOnly in the RFC; never stored here: people sign in through the identity provider.
    password: [],
    emails: MULTI_VALUED,
    phoneNumbers: MULTI_VALUED,
    ims: MULTI_VALUED,
    photos: MULTI_VALUED,
    addresses: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type', 'primary'],
    groups: ['value', '$ref', 'display', 'type'],
    entitlements: MULTI_VALUED,
    roles: MULTI_VALUED,
    x509Certificates: MULTI_VALUED,
  },
  [ENTERPRISE_USER_SCHEMA]: {
    employeeNumber: [],
    costCenter: [],
    organization: [],
    division: [],
    department: [],
    manager: ['value', '$ref', 'displayName'],
  },
};

function rfcAttributes(schemaUrn: string): Record<string, readonly string[]> | undefined {
  const key = Object.keys(RFC_USER_ATTRIBUTES).find((urn) => urn.toLowerCase() === schemaUrn.toLowerCase());
  return key === undefined ? undefined : RFC_USER_ATTRIBUTES[key];
}

/** The RFC's spelling of an attribute of a schema, or undefined when the RFC does not define it there. */
export function rfcAttributeName(schemaUrn: string, name: string): string | undefined {
  const attributes = rfcAttributes(schemaUrn);
  return attributes ? Object.keys(attributes).find((known) => known.toLowerCase() === name.toLowerCase()) : undefined;
}

/** The RFC's spelling of a sub-attribute of an attribute, or undefined when the RFC does not define it. */
export function rfcSubAttributeName(schemaUrn: string, attribute: string, sub: string): string | undefined {
  const name = rfcAttributeName(schemaUrn, attribute);
  const subs = name === undefined ? [] : rfcAttributes(schemaUrn)![name]!;
  return subs.find((known) => known.toLowerCase() === sub.toLowerCase());
}

/** How an ignored attribute is named in the list a caller logs: `name.formatted`, `urn:…:User:costCenter`. */
export function ignoredLabel(schemaUrn: string, attribute: string, sub?: string): string {
  const qualified = isCoreSchema(schemaUrn) ? attribute : `${schemaUrn}:${attribute}`;
  return sub === undefined ? qualified : `${qualified}.${sub}`;
}

export interface DroppedScimAttributes {
  /** The body without the attributes below (a new object; the input is left as it was), or the input if not an object. */
  body: unknown;
  /** The attributes dropped, by name (`preferredLanguage`, `addresses`, `name.formatted`), for the log. */
  ignored: string[];
}

/**
 * A POST or PUT body without the attributes the RFC defines that `schemas` do not hold (whole, or a sub-attribute
 * such as `name.middleName`), and without readOnly sub-attributes (`name.formatted`, `manager.$ref`): RFC 7644
 * §3.3 and §3.5.1 say readOnly values in a request SHALL be ignored. Everything else is kept as sent, unknown
 * names included: reading the body decides about those. A body that is not an object is returned as it is.
 */
export function dropUnsupportedScimAttributes(
  body: unknown,
  schemas: readonly ScimSchemaDefinition[],
): DroppedScimAttributes {
  const ignored: string[] = [];
  if (!isPlainObject(body)) return { body, ignored };
  const result = dropFrom(body, CORE_USER_SCHEMA, schemas, ignored);
  for (const [key, value] of Object.entries(body)) {
    const extension = findSchema(schemas, key);
    if (!extension || isCoreSchema(extension.id) || !isPlainObject(value)) continue;
    result[key] = dropFrom(value, extension.id, schemas, ignored);
  }
  return { body: result, ignored };
}

function dropFrom(
  container: Record<string, unknown>,
  schemaUrn: string,
  schemas: readonly ScimSchemaDefinition[],
  ignored: string[],
): Record<string, unknown> {
  const definitions = findSchema(schemas, schemaUrn)?.attributes ?? [];
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(container)) {
    const definition = findByName(definitions, key);
    const rfcName = rfcAttributeName(schemaUrn, key);
    if (!definition && rfcName !== undefined) {
      noteOnce(ignored, ignoredLabel(schemaUrn, rfcName));
      continue;
    }
    result[key] = definition?.type === 'complex' ? dropSubAttributes(value, schemaUrn, definition, ignored) : value;
  }
  return result;
}

/** A complex value (or each element of a list of them) without RFC sub-attributes not held, nor readOnly ones. */
function dropSubAttributes(
  value: unknown,
  schemaUrn: string,
  definition: ScimAttributeDefinition,
  ignored: string[],
): unknown {
  if (Array.isArray(value)) return value.map((element) => dropSubAttributes(element, schemaUrn, definition, ignored));
  if (!isPlainObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const sub = findByName(definition.subAttributes ?? [], key);
    const rfcSub = rfcSubAttributeName(schemaUrn, definition.name, key);
    if (sub?.mutability === 'readOnly' || (!sub && rfcSub !== undefined)) {
      noteOnce(ignored, ignoredLabel(schemaUrn, definition.name, sub?.name ?? rfcSub));
      continue;
    }
    result[key] = item;
  }
  return result;
}

/** Adds a name to the ignored list unless it is there: an attribute is logged once however often it came. */
export function noteOnce(ignored: string[], label: string): void {
  if (!ignored.includes(label)) ignored.push(label);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
