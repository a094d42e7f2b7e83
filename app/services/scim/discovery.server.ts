/**
 * SCIM's discovery documents (RFC 7643 §5-§7, RFC 7644 §4): what this service provider supports
 * (ServiceProviderConfig), the one resource type it serves (User, with the enterprise extension and this product's
 * extension for HR's own fields), and the schemas of both. The product extension is built from HR's field
 * definitions in force when asked, so a field HR adds appears at once and a retired one disappears
 * (docs/decisions/330-scim-tokens.md).
 */
import {
  activeCustomFields,
  isChoiceType,
  type CustomFieldDefinition,
  type CustomFieldDefinitions,
} from '~/models/custom-fields';
import {
  CORE_USER_SCHEMA,
  CORE_USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  LIST_RESPONSE_SCHEMA,
  PRODUCT_USER_SCHEMA,
  scimAttribute,
  type ScimAttributeDefinition,
  type ScimAttributeType,
  type ScimSchemaDefinition,
} from './user-schema';
import { SCIM_MAX_BODY_BYTES } from './scim-body.server';
import { publicBaseUrl } from '~/config/public-url.server';

export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

/** The path every SCIM route sits under; the base URL an identity provider is given is the public origin + this. */
export const SCIM_PATH_PREFIX = '/scim/v2';

/** The most resources one list answer holds, whatever `count` asks (RFC 7644 §3.4.2.4). */
export const SCIM_MAX_RESULTS = 200;

/** The base URL HR pastes into the identity provider: the app's public origin and SCIM_PATH_PREFIX. */
export function scimBaseUrl(env: Parameters<typeof publicBaseUrl>[0]): string {
  return `${publicBaseUrl(env)}${SCIM_PATH_PREFIX}`;
}

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    patch: { supported: true },
    // Providers send one request per change; bulk would bypass the per-request limits for no gain here.
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: SCIM_MAX_BODY_BYTES },
    filter: { supported: true, maxResults: SCIM_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'A token HR creates for this connection on the admin page /admin/scim, sent as "Bearer <token>".',
        primary: true,
      },
    ],
    meta: {
      resourceType: 'ServiceProviderConfig',
      location: `${baseUrl}/ServiceProviderConfig`,
    },
  };
}

export function userResourceType(baseUrl: string) {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'An employee',
    schema: CORE_USER_SCHEMA,
    schemaExtensions: [
      { schema: ENTERPRISE_USER_SCHEMA, required: false },
      { schema: PRODUCT_USER_SCHEMA, required: false },
    ],
    meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
  };
}

/** A ListResponse holding every item (the discovery lists are short and never paged). */
export function listOf(resources: unknown[]) {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}

const TYPE_OF_FIELD: Record<CustomFieldDefinition['type'], ScimAttributeType> = {
  'short-text': 'string',
  'long-text': 'string',
  'one-choice': 'string',
  'several-choices': 'string',
  // A date without a time (YYYY-MM-DD): a string, compared as text, which orders dates correctly.
  date: 'string',
  number: 'decimal',
  url: 'reference',
  email: 'string',
  phone: 'string',
};

/**
 * One attribute per field HR has in force, named by its stable key. A field HR alone may change is the provider's
 * to write (readWrite); a field the person keeps may be given at creation and is the person's afterwards
 * (immutable, RFC 7643 §7: set once, then not changed by the client).
 */
export function productAttribute(field: CustomFieldDefinition): ScimAttributeDefinition {
  const choices = field.options.filter((option) => !option.retired).map((option) => option.value);
  return scimAttribute(field.key, TYPE_OF_FIELD[field.type], field.helpText ?? field.label, {
    multiValued: field.type === 'several-choices',
    mutability: field.editableBy === 'hr' ? 'readWrite' : 'immutable',
    ...(isChoiceType(field.type) ? { canonicalValues: choices } : {}),
    ...(field.type === 'url' ? { referenceTypes: ['external'] } : {}),
  });
}

export function productUserSchema(definitions: CustomFieldDefinitions): ScimSchemaDefinition {
  return {
    id: PRODUCT_USER_SCHEMA,
    name: 'PeopleUser',
    description: 'The profile fields HR defines in XYZ People',
    attributes: activeCustomFields(definitions).map(productAttribute),
  };
}

function asSchemaResource(definition: ScimSchemaDefinition, baseUrl: string) {
  return {
    schemas: [SCHEMA_SCHEMA],
    ...definition,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${definition.id}` },
  };
}

export function userSchemas(definitions: CustomFieldDefinitions, baseUrl: string) {
  return [CORE_USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION, productUserSchema(definitions)].map(
    (definition) => asSchemaResource(definition, baseUrl),
  );
}

/** One schema by its URN, or null. */
export function userSchema(definitions: CustomFieldDefinitions, baseUrl: string, id: string) {
  return userSchemas(definitions, baseUrl).find((schema) => schema.id === id) ?? null;
}
