/**
 * POST and PUT bodies without the attributes RFC 7643 defines that this product doesn't store, nor readOnly
 * values: Entra ID's default-mapping create request, and the schemas deciding what is stored.
 */
import { describe, expect, it } from 'vitest';
import { dropUnsupportedScimAttributes } from './scim-unstored-attributes';
import {
  CORE_USER_SCHEMA,
  CORE_USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA as ENTERPRISE,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  scimAttribute,
  type ScimSchemaDefinition,
} from './user-schema';

/** The core schema without the attributes another branch may add (nickName, addresses), so these tests hold either way. */
const CORE_WITHOUT_ADDRESSES: ScimSchemaDefinition = {
  ...CORE_USER_SCHEMA_DEFINITION,
  attributes: CORE_USER_SCHEMA_DEFINITION.attributes.filter(
    (attribute) => !['nickName', 'addresses'].includes(attribute.name),
  ),
};
const SCHEMAS = [CORE_WITHOUT_ADDRESSES, ENTERPRISE_USER_SCHEMA_DEFINITION];

/** A create request as Entra ID's provisioning sends it with a custom SCIM app's default attribute mappings. */
function entraCreateBody() {
  return {
    schemas: [CORE_USER_SCHEMA, ENTERPRISE],
    externalId: 'ann.lee',
    userName: 'ann@example.com',
    active: true,
    displayName: 'Ann Lee',
    title: 'Engineer',
    preferredLanguage: 'en-GB',
    emails: [{ primary: true, type: 'work', value: 'ann@example.com' }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Ann Lee', familyName: 'Lee', givenName: 'Ann' },
    addresses: [
      {
        type: 'work',
        formatted: '1 Main Street, London',
        streetAddress: '1 Main Street',
        locality: 'London',
        region: 'Greater London',
        postalCode: 'EC1A 1AA',
        country: 'GB',
        primary: false,
      },
    ],
    phoneNumbers: [
      { type: 'work', value: '+44 20 7946 0001' },
      { type: 'mobile', value: '+44 7700 900123' },
    ],
    roles: [],
    [ENTERPRISE]: {
      employeeNumber: 'E-001',
      department: 'Sales',
      costCenter: 'CC-9',
      manager: { value: 'm-1', displayName: 'Max Moss' },
    },
  };
}

describe('dropUnsupportedScimAttributes', () => {
  it('drops from Entra ID’s create request what is not stored and what is read-only, and lists it', () => {
    const raw = Object.freeze(entraCreateBody());
    const { body, ignored } = dropUnsupportedScimAttributes(raw, SCHEMAS);
    expect(ignored).toEqual([
      'preferredLanguage',
      'name.formatted',
      'addresses',
      'roles',
      `${ENTERPRISE}:costCenter`,
      `${ENTERPRISE}:manager.displayName`,
    ]);
    const kept = Object.fromEntries(
      Object.entries(entraCreateBody()).filter(([key]) => !['preferredLanguage', 'addresses', 'roles'].includes(key)),
    );
    expect(body).toEqual({
      ...kept,
      name: { familyName: 'Lee', givenName: 'Ann' },
      [ENTERPRISE]: { employeeNumber: 'E-001', department: 'Sales', manager: { value: 'm-1' } },
    });
    expect(raw).toEqual(entraCreateBody());
  });

  it('keeps names the RFC does not define, for reading the body to decide, and any case of a key', () => {
    const { body, ignored } = dropUnsupportedScimAttributes(
      { userName: 'ann@example.com', foo: 'x', PreferredLanguage: 'en', Password: 'secret', NAME: { Formatted: 'A' } },
      SCHEMAS,
    );
    expect(body).toEqual({ userName: 'ann@example.com', foo: 'x', NAME: {} });
    expect(ignored).toEqual(['preferredLanguage', 'password', 'name.formatted']);
  });

  it('keeps what the schemas hold of an attribute and drops the rest (addresses with its locality)', () => {
    const withOffice: ScimSchemaDefinition = {
      ...CORE_WITHOUT_ADDRESSES,
      attributes: [
        ...CORE_WITHOUT_ADDRESSES.attributes,
        scimAttribute('addresses', 'complex', 'The work address.', {
          multiValued: true,
          subAttributes: [scimAttribute('locality', 'string', 'Office.'), scimAttribute('type', 'string', 'Type.')],
        }),
      ],
    };
    const { body, ignored } = dropUnsupportedScimAttributes(entraCreateBody(), [withOffice]);
    expect((body as Record<string, unknown>).addresses).toEqual([{ type: 'work', locality: 'London' }]);
    expect(ignored).toContain('addresses.streetAddress');
    // Without the enterprise schema offered, its object is not read: kept as sent.
    expect((body as Record<string, unknown>)[ENTERPRISE]).toEqual(entraCreateBody()[ENTERPRISE]);
  });

  it('returns a body that is not an object as it is, for the parser to refuse', () => {
    expect(dropUnsupportedScimAttributes('nonsense', SCHEMAS)).toEqual({ body: 'nonsense', ignored: [] });
    expect(dropUnsupportedScimAttributes(null, SCHEMAS)).toEqual({ body: null, ignored: [] });
  });
});
