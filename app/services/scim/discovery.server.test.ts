/**
 * The discovery documents hold what RFC 7643 §5-§7 requires of each, and the product extension follows HR's fields
 * in force: one attribute per field, its type by the field's type, a choice field's options as canonical values,
 * readWrite when HR alone edits it and immutable when the person does; a retired field is left out.
 */
import { describe, expect, it } from 'vitest';
import type { CustomFieldDefinition } from '~/models/custom-fields';
import {
  listOf,
  productUserSchema,
  serviceProviderConfig,
  userResourceType,
  userSchema,
  userSchemas,
} from './discovery.server';
import {
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  PRODUCT_USER_SCHEMA,
  type ScimAttributeDefinition,
} from './user-schema';

const BASE = 'https://people.xyz.example/scim/v2';

function field(key: string, overrides: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition {
  return {
    key,
    label: key,
    helpText: null,
    type: 'short-text',
    required: false,
    visibility: 'everyone',
    editableBy: 'person',
    needsApproval: false,
    searchable: false,
    facet: false,
    section: null,
    position: 0,
    retired: false,
    options: [],
    ...overrides,
  };
}

/** RFC 7643 §7: the characteristics every attribute definition names, recursively. */
function expectAttributeDefinition(attribute: ScimAttributeDefinition): void {
  expect(attribute).toEqual(
    expect.objectContaining({
      name: expect.any(String),
      type: expect.stringMatching(/^(string|boolean|decimal|integer|dateTime|reference|complex|binary)$/),
      multiValued: expect.any(Boolean),
      description: expect.any(String),
      required: expect.any(Boolean),
      caseExact: expect.any(Boolean),
      mutability: expect.stringMatching(/^(readOnly|readWrite|immutable|writeOnly)$/),
      returned: expect.stringMatching(/^(always|never|default|request)$/),
      uniqueness: expect.stringMatching(/^(none|server|global)$/),
    }),
  );
  if (attribute.type === 'reference') expect(attribute.referenceTypes?.length).toBeGreaterThan(0);
  for (const sub of attribute.subAttributes ?? []) expectAttributeDefinition(sub);
}

describe('the SCIM discovery documents', () => {
  it('ServiceProviderConfig names every feature RFC 7643 §5 requires, as this provider supports them', () => {
    const config = serviceProviderConfig(BASE);
    expect(config).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: expect.any(Number), maxPayloadSize: 1024 * 1024 },
      filter: { supported: true, maxResults: expect.any(Number) },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: { resourceType: 'ServiceProviderConfig', location: `${BASE}/ServiceProviderConfig` },
    });
    expect(config.authenticationSchemes).toEqual([
      expect.objectContaining({ type: 'oauthbearertoken', name: expect.any(String), description: expect.any(String) }),
    ]);
  });

  it('ResourceTypes lists User with the enterprise and product extensions (RFC 7643 §6)', () => {
    const list = listOf([userResourceType(BASE)]);
    expect(list).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      startIndex: 1,
      itemsPerPage: 1,
    });
    expect(list.Resources[0]).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: CORE_USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_USER_SCHEMA, required: false },
        { schema: PRODUCT_USER_SCHEMA, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/User` },
    });
  });

  it('Schemas holds the core, enterprise and product schemas, each attribute fully described (RFC 7643 §7)', () => {
    const schemas = userSchemas([field('tshirt')], BASE);
    expect(schemas.map((schema) => schema.id)).toEqual([CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA, PRODUCT_USER_SCHEMA]);
    for (const schema of schemas) {
      expect(schema).toMatchObject({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
        id: expect.any(String),
        name: expect.any(String),
        meta: { resourceType: 'Schema', location: `${BASE}/Schemas/${schema.id}` },
      });
      expect(schema.attributes.length).toBeGreaterThan(0);
      for (const attribute of schema.attributes) expectAttributeDefinition(attribute);
    }
    expect(userSchema([], BASE, 'urn:ietf:params:scim:schemas:core:2.0:Group')).toBeNull();
    expect(userSchema([], BASE, ENTERPRISE_USER_SCHEMA)?.id).toBe(ENTERPRISE_USER_SCHEMA);
  });

  it('builds the product extension from the fields in force, by type, options and who may edit them', () => {
    const schema = productUserSchema([
      field('desk', { position: 2, editableBy: 'hr', visibility: 'hr', helpText: 'Where they sit' }),
      field('tshirt', {
        position: 1,
        type: 'one-choice',
        options: [
          { value: 's', label: 'Small', retired: false },
          { value: 'xxl', label: 'XXL', retired: true },
          { value: 'm', label: 'Medium', retired: false },
        ],
      }),
      field('languages', {
        position: 3,
        type: 'several-choices',
        options: [{ value: 'fr', label: 'French', retired: false }],
      }),
      field('badge', { position: 4, type: 'number', editableBy: 'hr', visibility: 'hr' }),
      field('homepage', { position: 5, type: 'url' }),
      field('joined', { position: 6, type: 'date' }),
      field('old', { position: 0, retired: true }),
    ]);
    const byName = Object.fromEntries(schema.attributes.map((attribute) => [attribute.name, attribute]));
    expect(schema.attributes.map((attribute) => attribute.name)).toEqual([
      'tshirt',
      'desk',
      'languages',
      'badge',
      'homepage',
      'joined',
    ]);
    expect(byName.tshirt).toMatchObject({ type: 'string', canonicalValues: ['s', 'm'], mutability: 'immutable' });
    expect(byName.desk).toMatchObject({ type: 'string', mutability: 'readWrite', description: 'Where they sit' });
    expect(byName.languages).toMatchObject({ type: 'string', multiValued: true, canonicalValues: ['fr'] });
    expect(byName.badge).toMatchObject({ type: 'decimal', mutability: 'readWrite' });
    expect(byName.homepage).toMatchObject({ type: 'reference', referenceTypes: ['external'] });
    expect(byName.joined).toMatchObject({ type: 'string' });
    for (const attribute of schema.attributes) expectAttributeDefinition(attribute);
  });
});
