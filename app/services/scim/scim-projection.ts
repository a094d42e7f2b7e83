/**
 * The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9) applied to a resource's JSON.
 *
 * Use: `projectScimResource(json, { attributes: url.searchParams.get('attributes'), excludedAttributes: … },
 * USER_SCHEMAS)`: each parameter is the raw comma-separated list (or a list, or null). `id`, `schemas` and
 * attributes whose `returned` is "always" are always kept, "never" ones never; "request" ones only when asked
 * for. Names are case-insensitive, may be URN-qualified (an extension's URN alone means all of it) and may
 * name sub-attributes (`name.givenName`, `emails.value`: of each element). With both parameters, the attributes
 * asked for are kept and then the excluded ones dropped. A name the schemas don't have selects nothing; a name
 * that is not an attribute path is 400 invalidValue. The input is never changed.
 */
import { ScimError } from './scim-error';
import { parseScimAttributePath, scimAttributeKey } from './scim-filter';
import { findByName, isCoreSchema, type ScimResourceJson } from './scim-resource';
import type { ScimAttributeDefinition, ScimSchemaDefinition } from './user-schema';

export interface ScimProjection {
  attributes?: string | readonly string[] | null;
  excludedAttributes?: string | readonly string[] | null;
}

type Returned = ScimAttributeDefinition['returned'];

/** How the common attributes (RFC 7643 §3.1), described in no schema, are returned. */
const COMMON_RETURNED: Record<string, Returned> = { id: 'always', schemas: 'always', meta: 'default' };

export function projectScimResource(
  resource: ScimResourceJson,
  projection: ScimProjection,
  schemas: readonly ScimSchemaDefinition[],
): ScimResourceJson {
  const wanted = attributeKeys(projection.attributes, 'attributes');
  const excluded = attributeKeys(projection.excludedAttributes, 'excludedAttributes') ?? new Set<string>();
  const result: ScimResourceJson = { schemas: resource.schemas };
  for (const [key, value] of Object.entries(resource)) {
    const extension = schemas.find(
      (schema) => !isCoreSchema(schema.id) && schema.id.toLowerCase() === key.toLowerCase(),
    );
    if (extension) {
      const kept = projectAttributes(value, extension, wanted, excluded);
      if (Object.keys(kept).length > 0) result[key] = kept;
      continue;
    }
    const core = schemas.find((schema) => isCoreSchema(schema.id));
    const kept = projectOne(key, value, core ?? null, wanted, excluded);
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

/** The lower-cased paths a parameter names, or null when it is absent or empty. */
function attributeKeys(list: ScimProjection['attributes'], parameter: string): Set<string> | null {
  const names = (typeof list === 'string' ? list.split(',') : (list ?? [])).map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return null;
  return new Set(
    names.map((name) => {
      try {
        return parseScimAttributePath(name, 'invalidValue').key;
      } catch (error) {
        if (error instanceof ScimError) throw new ScimError(400, 'invalidValue', `${parameter}: ${error.detail}`);
        throw error;
      }
    }),
  );
}

function projectAttributes(
  container: unknown,
  schema: ScimSchemaDefinition,
  wanted: Set<string> | null,
  excluded: Set<string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (!container || typeof container !== 'object' || Array.isArray(container)) return result;
  const wholeSchema = schema.id.toLowerCase();
  // Asking for (or excluding) an extension by its URN alone means all of its attributes.
  const schemaWanted = wanted?.has(wholeSchema) ? null : wanted;
  if (excluded.has(wholeSchema)) {
    for (const [name, value] of Object.entries(container)) {
      if (findByName(schema.attributes, name)?.returned === 'always') result[name] = value;
    }
    return result;
  }
  for (const [name, value] of Object.entries(container)) {
    const kept = projectOne(name, value, schema, schemaWanted, excluded);
    if (kept !== undefined) result[name] = kept;
  }
  return result;
}

/** One attribute's value as the projection leaves it, or undefined when it goes. */
function projectOne(
  name: string,
  value: unknown,
  schema: ScimSchemaDefinition | null,
  wanted: Set<string> | null,
  excluded: Set<string>,
): unknown {
  const definition = schema ? findByName(schema.attributes, name) : undefined;
  const returned: Returned = definition?.returned ?? COMMON_RETURNED[name.toLowerCase()] ?? 'default';
  if (returned === 'always') return value;
  if (returned === 'never') return undefined;
  const schemaUrn = schema === null || isCoreSchema(schema.id) ? null : schema.id;
  const key = scimAttributeKey(schemaUrn, name, null);
  if (excluded.has(key)) return undefined;
  const subKeys = (from: Set<string> | null) =>
    new Set(
      [...(from ?? [])].filter((candidate) => candidate.startsWith(`${key}.`)).map((k) => k.slice(key.length + 1)),
    );
  let kept = value;
  if (wanted) {
    if (!wanted.has(key)) {
      const subs = subKeys(wanted);
      if (subs.size === 0) return undefined;
      kept = mapElements(kept, (element) => pickSubAttributes(element, definition, subs, true));
    }
  } else if (returned === 'request') {
    return undefined;
  }
  const droppedSubs = subKeys(excluded);
  if (droppedSubs.size > 0)
    kept = mapElements(kept, (element) => pickSubAttributes(element, definition, droppedSubs, false));
  return isEmpty(kept) ? undefined : kept;
}

/** Keeps (or drops) the named sub-attributes of a complex value; those returned "always" always stay. */
function pickSubAttributes(
  element: unknown,
  definition: ScimAttributeDefinition | undefined,
  names: Set<string>,
  keep: boolean,
): unknown {
  if (!element || typeof element !== 'object' || Array.isArray(element)) return element;
  return Object.fromEntries(
    Object.entries(element).filter(([sub]) => {
      const always = findByName(definition?.subAttributes ?? [], sub)?.returned === 'always';
      return always || names.has(sub.toLowerCase()) === keep;
    }),
  );
}

function mapElements(value: unknown, change: (element: unknown) => unknown): unknown {
  return Array.isArray(value) ? value.map(change).filter((element) => !isEmpty(element)) : change(value);
}

function isEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}
