/**
 * The SCIM User resource this service provider offers, as RFC 7643 §7 schema definitions: served by
 * `/Schemas`, and read by the filter, PATCH and representation code for each attribute's type, case rule and
 * mutability, so an attribute is described once. HR's own fields get a third schema, built from their
 * definitions at run time (PRODUCT_USER_SCHEMA's attributes).
 */
export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** HR-defined fields (docs/decisions/023-hr-defined-field-storage.md), one attribute per field key. */
export const PRODUCT_USER_SCHEMA = 'urn:xyz:params:scim:schemas:extension:people:2.0:User';
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type ScimAttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex';

export interface ScimAttributeDefinition {
  name: string;
  type: ScimAttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  canonicalValues?: string[];
  referenceTypes?: string[];
  subAttributes?: ScimAttributeDefinition[];
}

export interface ScimSchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: ScimAttributeDefinition[];
}

type AttributeOptions = Partial<Omit<ScimAttributeDefinition, 'name' | 'type' | 'description'>>;

export function scimAttribute(
  name: string,
  type: ScimAttributeType,
  description: string,
  options: AttributeOptions = {},
): ScimAttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

const typedValue = (what: string, types: string[]) => [
  scimAttribute('value', 'string', `The ${what}.`),
  scimAttribute('type', 'string', `Which ${what} this is; this product keeps only the work one.`, {
    canonicalValues: types,
  }),
  scimAttribute('primary', 'boolean', `Whether this is the person's primary ${what}.`),
];

export const CORE_USER_SCHEMA_DEFINITION: ScimSchemaDefinition = {
  id: CORE_USER_SCHEMA,
  name: 'User',
  description: 'An employee',
  attributes: [
    scimAttribute('userName', 'string', 'The work email address the person signs in with.', {
      required: true,
      uniqueness: 'server',
    }),
    scimAttribute('externalId', 'string', 'The identity provider’s own id for the person.', { caseExact: true }),
    scimAttribute('name', 'complex', 'The person’s name.', {
      subAttributes: [
        scimAttribute('formatted', 'string', 'The full name, as shown.', { mutability: 'readOnly' }),
        scimAttribute('familyName', 'string', 'The family name.'),
        scimAttribute('givenName', 'string', 'The given name.'),
      ],
    }),
    // Providers send it on every write (Entra, Okta): accepted, and read only when no name is sent.
    scimAttribute('displayName', 'string', 'The name shown: the nickname (or given name), then the family name.'),
    scimAttribute('nickName', 'string', 'The name the person goes by, shown instead of the given name.'),
    scimAttribute('title', 'string', 'The job title.'),
    scimAttribute('active', 'boolean', 'False when the person may no longer sign in.'),
    scimAttribute('emails', 'complex', 'The work email address (the same as userName).', {
      multiValued: true,
      subAttributes: typedValue('email address', ['work']),
    }),
    scimAttribute('phoneNumbers', 'complex', 'The work phone number.', {
      multiValued: true,
      subAttributes: typedValue('phone number', ['work']),
    }),
    scimAttribute('addresses', 'complex', 'The work address: this product keeps its locality, the office.', {
      multiValued: true,
      subAttributes: [
        scimAttribute('locality', 'string', 'The office the person works at.'),
        scimAttribute('type', 'string', 'Which address this is; this product keeps only the work one.', {
          canonicalValues: ['work'],
        }),
        scimAttribute('primary', 'boolean', 'Whether this is the person’s primary address.'),
      ],
    }),
  ],
};

export const ENTERPRISE_USER_SCHEMA_DEFINITION: ScimSchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    scimAttribute('employeeNumber', 'string', 'The employee number.', { caseExact: true }),
    scimAttribute('department', 'string', 'The department.'),
    scimAttribute('manager', 'complex', 'The person’s manager.', {
      subAttributes: [
        scimAttribute('value', 'string', 'The manager’s SCIM id.', { caseExact: true }),
        scimAttribute('$ref', 'reference', 'The manager’s resource.', {
          referenceTypes: ['User'],
          mutability: 'readOnly',
        }),
        scimAttribute('displayName', 'string', 'The manager’s name.', { mutability: 'readOnly' }),
      ],
    }),
  ],
};
