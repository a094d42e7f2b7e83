/**
 * The User resource's three schemas as they stand now: core, enterprise, and HR's fields in force (built from
 * their definitions at each call, so a field HR adds or retires is patched and projected at once).
 */
import type { CustomFieldDefinitions } from '~/models/custom-fields';
import { productUserSchema } from './discovery.server';
import {
  CORE_USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  type ScimSchemaDefinition,
} from './user-schema';

export function userSchemas(customFields: CustomFieldDefinitions): ScimSchemaDefinition[] {
  return [CORE_USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION, productUserSchema(customFields)];
}
