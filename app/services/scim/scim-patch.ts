/**
 * SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's JSON.
 *
 * Use: `const next = applyScimPatch(current, await request.json(), USER_SCHEMAS)`, then validate and store `next`
 * as a PUT would. The input is never changed. Throws ScimError 400 with the RFC's scimType (invalidSyntax,
 * invalidPath, invalidValue, noTarget, mutability) and a detail naming the operation (by its index) and the field.
 */
import type { ScimResourceJson } from './scim-resource';
import type { ScimSchemaDefinition } from './user-schema';

export function applyScimPatch(
  resource: ScimResourceJson,
  body: unknown,
  schemas: readonly ScimSchemaDefinition[],
): ScimResourceJson {
  void resource;
  void body;
  void schemas;
  throw new Error('applyScimPatch: not written yet');
}
