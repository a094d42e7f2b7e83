/**
 * A SCIM resource as JSON, and where an attribute path's definition is in the schemas (app/services/scim/user-schema.ts).
 *
 * Use: `findScimAttribute(schemas, parseScimAttributePath('name.givenName'))` gives the schema, the attribute and
 * the sub-attribute definitions (names matched case-insensitively), or null when the schemas have no such
 * attribute. The filter's column map, PATCH and the projection all look attributes up here, so a type, case rule
 * or mutability is read from the one definition.
 */
import type { ScimAttributePath } from './scim-filter';
import { CORE_USER_SCHEMA, type ScimAttributeDefinition, type ScimSchemaDefinition } from './user-schema';

/** A resource's JSON: core attributes at the top, each extension's under its schema URN. */
export interface ScimResourceJson {
  schemas: string[];
  id?: string;
  [attribute: string]: unknown;
}

/** The common attributes every resource has (RFC 7643 §3.1), described nowhere in the schemas themselves. */
export const SCIM_COMMON_ATTRIBUTES = ['id', 'externalId', 'meta', 'schemas'] as const;

export interface FoundScimAttribute {
  schema: ScimSchemaDefinition;
  attribute: ScimAttributeDefinition;
  /** The sub-attribute's definition when the path names one. */
  subAttribute: ScimAttributeDefinition | null;
}

/**
 * The definition a path names, or null. An unqualified path is looked up in the core schema (the first schema
 * whose id is the core User URN, else the first schema).
 */
export function findScimAttribute(
  schemas: readonly ScimSchemaDefinition[],
  path: Pick<ScimAttributePath, 'schema' | 'attribute' | 'subAttribute'>,
): FoundScimAttribute | null {
  const schema = findSchema(schemas, path.schema);
  if (!schema) return null;
  const attribute = findByName(schema.attributes, path.attribute);
  if (!attribute) return null;
  if (path.subAttribute === null) return { schema, attribute, subAttribute: null };
  const subAttribute = findByName(attribute.subAttributes ?? [], path.subAttribute);
  return subAttribute ? { schema, attribute, subAttribute } : null;
}

/** The schema a URN names (case-insensitively); null names the core User schema. */
export function findSchema(
  schemas: readonly ScimSchemaDefinition[],
  urn: string | null,
): ScimSchemaDefinition | undefined {
  const wanted = (urn ?? CORE_USER_SCHEMA).toLowerCase();
  return schemas.find((schema) => schema.id.toLowerCase() === wanted) ?? (urn === null ? schemas[0] : undefined);
}

export function findByName<T extends { name: string }>(items: readonly T[], name: string): T | undefined {
  const wanted = name.toLowerCase();
  return items.find((item) => item.name.toLowerCase() === wanted);
}

/** Whether a schema URN is the core User one (the one whose attributes sit at the top of the JSON). */
export function isCoreSchema(urn: string | null): boolean {
  return urn === null || urn.toLowerCase() === CORE_USER_SCHEMA.toLowerCase();
}
