/** `attributes`/`excludedAttributes` on a User (RFC 7644 §3.9), read against the User schemas. */
import { projectScimResource } from './scim-projection';
import type { ScimResourceJson } from './scim-resource';
import type { ScimSchemaDefinition } from './user-schema';

export function projectUser(
  user: ScimResourceJson,
  query: { attributes: readonly string[]; excludedAttributes: readonly string[] },
  /** From userSchemas(): HR's fields are attributes too. */
  schemas: ScimSchemaDefinition[],
): ScimResourceJson {
  if (query.attributes.length === 0 && query.excludedAttributes.length === 0) return user;
  return projectScimResource(user, query, schemas);
}
