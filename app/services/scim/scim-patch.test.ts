/**
 * SCIM PATCH on a User's JSON: the RFC 7644 §3.5.2 forms (add, replace, remove; simple, sub-attribute,
 * URN-qualified and filtered paths; path-less values), the requests Entra ID and Okta really send, and each
 * refusal with its scimType and the operation named.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from './scim-error';
import { applyScimPatch, applyScimPatchDetailed, MAX_SCIM_PATCH_OPERATIONS } from './scim-patch';
import type { ScimResourceJson } from './scim-resource';
import {
  CORE_USER_SCHEMA,
  CORE_USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA as ENTERPRISE,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  PATCH_OP_SCHEMA,
  PRODUCT_USER_SCHEMA as PRODUCT,
  scimAttribute,
  type ScimSchemaDefinition,
} from './user-schema';

/** HR-defined fields, as the product's extension schema describes them at run time. */
const PRODUCT_SCHEMA: ScimSchemaDefinition = {
  id: PRODUCT,
  name: 'PeopleUser',
  description: 'HR-defined fields',
  attributes: [
    scimAttribute('remote', 'boolean', 'Works remotely.'),
    scimAttribute('deskNumber', 'integer', 'Desk number.'),
    scimAttribute('contractEnd', 'dateTime', 'End of contract.'),
    scimAttribute('badgeId', 'string', 'Badge, printed once.', { mutability: 'immutable' }),
  ],
};
const SCHEMAS = [CORE_USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION, PRODUCT_SCHEMA];

function ann(): ScimResourceJson {
  return {
    schemas: [CORE_USER_SCHEMA, ENTERPRISE],
    id: '6f2a1c7e-0000-4000-8000-000000000001',
    externalId: 'ext-ann',
    userName: 'ann@example.com',
    name: { formatted: 'Ann Lee', givenName: 'Ann', familyName: 'Lee' },
    displayName: 'Ann Lee',
    title: 'Engineer',
    active: true,
    emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
    phoneNumbers: [{ value: '+44 20 7946 0001', type: 'work' }],
    [ENTERPRISE]: {
      employeeNumber: 'E-001',
      department: 'Sales',
      manager: { value: 'm-1', $ref: '../Users/m-1', displayName: 'Max Moss' },
    },
    meta: { resourceType: 'User', created: '2026-01-01T00:00:00Z', lastModified: '2026-01-02T00:00:00Z' },
  };
}

function patch(resource: ScimResourceJson, ...operations: unknown[]): ScimResourceJson {
  return applyScimPatch(deepFreeze(resource), { schemas: [PATCH_OP_SCHEMA], Operations: operations }, SCHEMAS);
}

/** Frozen all the way down, so any change to the input throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function omit(resource: ScimResourceJson, ...keys: string[]): ScimResourceJson {
  return Object.fromEntries(Object.entries(resource).filter(([key]) => !keys.includes(key))) as ScimResourceJson;
}

function refusal(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}

describe('the PatchOp body', () => {
  it.each([
    [null, 'The body must be a JSON object'],
    [[], 'The body must be a JSON object'],
    [{ Operations: [{ op: 'add', path: 'title', value: 'x' }] }, 'schemas is missing'],
    [
      { schemas: ['urn:x'], Operations: [{ op: 'add', path: 'title', value: 'x' }] },
      `schemas must list "${PATCH_OP_SCHEMA}"`,
    ],
    [{ schemas: [PATCH_OP_SCHEMA] }, 'Operations is missing'],
    [{ schemas: [PATCH_OP_SCHEMA], Operations: {} }, 'Operations must be a list'],
    [{ schemas: [PATCH_OP_SCHEMA], Operations: [] }, 'Operations must list at least one operation'],
    [
      { schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 'title', value: 'x' }, { op: 'move' }] },
      'Operations[1].op must be "add", "replace" or "remove"',
    ],
    [{ schemas: [PATCH_OP_SCHEMA], Operations: [{ path: 'title' }] }, 'Operations[0].op is missing'],
    [{ schemas: [PATCH_OP_SCHEMA], Operations: [{ op: 'add', path: 7 }] }, 'Operations[0].path must be a string'],
    [
      {
        schemas: [PATCH_OP_SCHEMA],
        Operations: Array.from({ length: MAX_SCIM_PATCH_OPERATIONS + 1 }, () => ({ op: 'remove', path: 'title' })),
      },
      `at most ${MAX_SCIM_PATCH_OPERATIONS}`,
    ],
  ])('refuses %j as invalidSyntax: %s', (body, detail) => {
    const error = refusal(() => applyScimPatch(ann(), body, SCHEMAS));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.detail).toContain(detail);
  });

  it('takes the PatchOp URN in any case and op names in any case', () => {
    const body = {
      schemas: [PATCH_OP_SCHEMA.toLowerCase()],
      Operations: [
        { op: 'ADD', path: 'title', value: 'Lead' },
        { op: 'Replace', path: 'displayName', value: 'Ann L.' },
        { op: 'rEMOVE', path: 'phoneNumbers' },
      ],
    };
    const next = applyScimPatch(deepFreeze(ann()), body, SCHEMAS);
    expect(next).toMatchObject({ title: 'Lead', displayName: 'Ann L.' });
    expect(next).not.toHaveProperty('phoneNumbers');
  });
});

describe('what Entra ID sends', () => {
  it('replaces the work email through a value filter and the family name through a sub-attribute path', () => {
    const next = patch(
      ann(),
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
      { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
    );
    expect(next.emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
    // name.formatted described the old name: it is left for the representation to compute again.
    expect(next.name).toEqual({ givenName: 'Ann', familyName: 'updatedFamilyName' });
  });

  it('replaces userName and disables with a boolean or with the string "False"', () => {
    const renamed = patch(ann(), { op: 'Replace', path: 'userName', value: 'ann.lee@example.com' });
    expect(renamed.userName).toBe('ann.lee@example.com');
    expect(patch(ann(), { op: 'Replace', path: 'active', value: false }).active).toBe(false);
    expect(patch(ann(), { op: 'Replace', path: 'active', value: 'False' }).active).toBe(false);
    expect(patch({ ...ann(), active: false }, { op: 'Replace', path: 'active', value: 'TRUE' }).active).toBe(true);
  });

  it('disables through a replace without a path, the boolean a string', () => {
    const next = patch(ann(), { op: 'Replace', value: { active: 'False' } });
    expect(next.active).toBe(false);
  });

  it('sets the manager with a bare id, or an object, and removes it', () => {
    const managerPath = `${ENTERPRISE}:manager`;
    const bare = patch(ann(), { op: 'Add', path: managerPath, value: '2819c223-7f76-453a-919d-413861904646' });
    // The old $ref and displayName described the old manager: gone, to be computed afresh.
    expect(bare[ENTERPRISE]).toEqual({
      employeeNumber: 'E-001',
      department: 'Sales',
      manager: { value: '2819c223-7f76-453a-919d-413861904646' },
    });
    const object = patch(ann(), { op: 'Replace', path: managerPath, value: { value: 'm-2' } });
    expect((object[ENTERPRISE] as { manager: unknown }).manager).toEqual({ value: 'm-2' });
    const byValue = patch(ann(), { op: 'replace', path: `${managerPath}.value`, value: 'm-3' });
    expect((byValue[ENTERPRISE] as { manager: unknown }).manager).toEqual({ value: 'm-3' });
    const removed = patch(ann(), { op: 'Remove', path: managerPath });
    expect(removed[ENTERPRISE]).toEqual({ employeeNumber: 'E-001', department: 'Sales' });
  });

  it('adds a path-less object whose keys are dotted, URN-qualified and filtered paths', () => {
    const next = patch(
      { ...omit(ann(), 'emails', ENTERPRISE), schemas: [CORE_USER_SCHEMA] },
      {
        op: 'Add',
        value: {
          'name.givenName': 'Annie',
          displayName: 'Annie Lee',
          [`${ENTERPRISE}:department`]: 'HR',
          [`${ENTERPRISE}:employeeNumber`]: 'E-009',
          'emails[type eq "work"].value': 'annie@example.com',
          [`${PRODUCT}:remote`]: 'True',
        },
      },
    );
    expect(next.name).toEqual({ givenName: 'Annie', familyName: 'Lee' });
    expect(next.displayName).toBe('Annie Lee');
    expect(next[ENTERPRISE]).toEqual({ department: 'HR', employeeNumber: 'E-009' });
    expect(next[PRODUCT]).toEqual({ remote: true });
    expect(next.emails).toEqual([{ type: 'work', value: 'annie@example.com' }]);
    expect(next.schemas).toEqual([CORE_USER_SCHEMA, ENTERPRISE, PRODUCT]);
  });

  it('adds a first work phone through the filter that will find it later', () => {
    const next = patch(omit(ann(), 'phoneNumbers'), {
      op: 'Add',
      path: 'phoneNumbers[type eq "work"].value',
      value: '+1 555 0100',
    });
    expect(next.phoneNumbers).toEqual([{ type: 'work', value: '+1 555 0100' }]);
  });

  it('replaces an enterprise attribute by its URN-qualified path, in any case', () => {
    const next = patch(ann(), { op: 'Replace', path: `${ENTERPRISE.toUpperCase()}:DEPARTMENT`, value: 'IT' });
    expect(next[ENTERPRISE]).toMatchObject({ department: 'IT' });
    expect(Object.keys(next[ENTERPRISE] as object)).toEqual(['employeeNumber', 'manager', 'department']);
  });
});

describe('what Okta sends', () => {
  it('deactivates and reactivates with a path-less replace of active', () => {
    const off = patch(ann(), { op: 'replace', value: { active: false } });
    expect(off.active).toBe(false);
    expect(patch(off, { op: 'replace', value: { active: true } }).active).toBe(true);
  });

  it('updates profile attributes in one path-less replace, merging the name', () => {
    const next = patch(ann(), { op: 'replace', value: { name: { givenName: 'Anne' }, title: 'Lead' } });
    expect(next.name).toEqual({ givenName: 'Anne', familyName: 'Lee' });
    expect(next.title).toBe('Lead');
  });
});

describe('add', () => {
  it('sets a simple attribute and a sub-attribute, creating the complex attribute when absent', () => {
    const next = patch(omit(ann(), 'name'), { op: 'add', path: 'name.givenName', value: 'Ann' });
    expect(next.name).toEqual({ givenName: 'Ann' });
    expect(patch(ann(), { op: 'add', path: 'title', value: 'Lead' }).title).toBe('Lead');
  });

  it('appends to a multi-valued attribute, skipping a value already there, and keeps one primary', () => {
    const next = patch(ann(), {
      op: 'add',
      path: 'emails',
      value: [
        { value: 'ANN@example.com', type: 'work' },
        { value: 'ann@home.example', type: 'home', primary: true },
      ],
    });
    expect(next.emails).toEqual([
      { value: 'ann@example.com', type: 'work', primary: false },
      { value: 'ann@home.example', type: 'home', primary: true },
    ]);
    const single = patch(ann(), { op: 'add', path: 'phoneNumbers', value: { value: '+1 555 0101', type: 'work' } });
    expect(single.phoneNumbers).toHaveLength(2);
  });

  it('adds into an extension given as a whole, listing it in schemas', () => {
    const next = patch(ann(), {
      op: 'add',
      path: PRODUCT,
      value: { deskNumber: '12', contractEnd: '2027-06-30T00:00:00Z' },
    });
    expect(next[PRODUCT]).toEqual({ deskNumber: 12, contractEnd: '2027-06-30T00:00:00Z' });
    expect(next.schemas).toContain(PRODUCT);
  });

  it('adds through a filter that matches: the element is merged', () => {
    const next = patch(ann(), {
      op: 'add',
      path: 'emails[type eq "work"]',
      value: { primary: false },
    });
    expect(next.emails).toEqual([{ value: 'ann@example.com', type: 'work', primary: false }]);
  });
});

describe('replace', () => {
  it('replaces a whole multi-valued attribute', () => {
    const next = patch(ann(), { op: 'replace', path: 'emails', value: [{ value: 'a@b.example', type: 'work' }] });
    expect(next.emails).toEqual([{ value: 'a@b.example', type: 'work' }]);
  });

  it('replaces the elements a filter matches', () => {
    const next = patch(ann(), {
      op: 'replace',
      path: 'phoneNumbers[type eq "work" and value sw "+44"]',
      value: { value: '+44 20 7946 0999', type: 'work' },
    });
    expect(next.phoneNumbers).toEqual([{ value: '+44 20 7946 0999', type: 'work' }]);
  });

  it('is noTarget when the filter matches nothing (the scim-patch library would append)', () => {
    const error = refusal(() =>
      patch(ann(), { op: 'replace', path: 'emails[type eq "home"].value', value: 'x@y.example' }),
    );
    expect(error.scimType).toBe('noTarget');
    expect(error.detail).toBe(
      'Operations[0] (replace emails[type eq "home"].value): No element of emails matches the filter.',
    );
  });

  it('matches attribute names in any case and writes the schema’s spelling once', () => {
    const next = patch(
      ann(),
      { op: 'replace', path: 'USERNAME', value: 'a@example.com' },
      { op: 'replace', path: 'Name.GivenName', value: 'A' },
      { op: 'replace', path: 'EMAILS[TYPE eq "WORK"].VALUE', value: 'a@example.com' },
      { op: 'replace', value: { DisplayName: 'A L' } },
    );
    expect(next).toMatchObject({ userName: 'a@example.com', displayName: 'A L', name: { givenName: 'A' } });
    expect(next.emails).toEqual([{ value: 'a@example.com', type: 'work', primary: true }]);
    expect(Object.keys(next).filter((key) => key.toLowerCase() === 'displayname')).toEqual(['displayName']);
  });

  it('treats a null value as unassigning the attribute', () => {
    expect(patch(ann(), { op: 'replace', path: 'title', value: null })).not.toHaveProperty('title');
  });
});

describe('remove', () => {
  it('removes a simple attribute, a sub-attribute, and does nothing for one already absent', () => {
    expect(patch(ann(), { op: 'remove', path: 'title' })).not.toHaveProperty('title');
    expect(patch(ann(), { op: 'remove', path: 'name.givenName' }).name).toEqual({ familyName: 'Lee' });
    const bare = omit(ann(), 'title');
    expect(patch(bare, { op: 'remove', path: 'title' })).not.toHaveProperty('title');
    expect(patch(bare, { op: 'remove', path: `${PRODUCT}:remote` })).not.toHaveProperty(PRODUCT);
  });

  it('removes the elements a filter matches, or one sub-attribute of them', () => {
    expect(patch(ann(), { op: 'remove', path: 'phoneNumbers[type eq "work"]' })).not.toHaveProperty('phoneNumbers');
    expect(patch(ann(), { op: 'remove', path: 'emails[type eq "work"].primary' }).emails).toEqual([
      { value: 'ann@example.com', type: 'work' },
    ]);
  });

  it('removes the given values from a multi-valued attribute', () => {
    const twoEmails = { ...ann(), emails: [...(ann().emails as object[]), { value: 'x@home.example', type: 'home' }] };
    const next = patch(twoEmails, { op: 'remove', path: 'emails', value: [{ value: 'X@home.example' }] });
    expect(next.emails).toEqual([{ value: 'ann@example.com', type: 'work', primary: true }]);
  });

  it('removes the last attribute of an extension, and the extension from schemas with it', () => {
    const next = patch(
      ann(),
      { op: 'remove', path: `${ENTERPRISE}:employeeNumber` },
      { op: 'remove', path: `${ENTERPRISE}:department` },
      { op: 'remove', path: `${ENTERPRISE}:manager` },
    );
    expect(next).not.toHaveProperty(ENTERPRISE);
    expect(next.schemas).toEqual([CORE_USER_SCHEMA]);
    expect(patch(ann(), { op: 'remove', path: ENTERPRISE })).not.toHaveProperty(ENTERPRISE);
  });

  it.each([
    [{ op: 'remove' }, 'noTarget', 'A remove needs a "path"'],
    [{ op: 'remove', path: 'emails[type eq "home"]' }, 'noTarget', 'No element of emails matches the filter'],
    [
      { op: 'remove', path: 'emails', value: [{ value: 'nobody@example.com' }] },
      'noTarget',
      'None of the given values',
    ],
    [{ op: 'remove', path: 'userName' }, 'mutability', 'userName is required'],
    [{ op: 'replace', path: 'userName', value: null }, 'mutability', 'userName is required'],
  ])('refuses %j: %s', (operation, scimType, detail) => {
    const error = refusal(() => patch(ann(), operation));
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toContain(detail);
  });
});

describe('refusals', () => {
  it.each([
    // Unknown paths: names RFC 7643 does not define (those it defines but this product doesn't store are ignored).
    [{ op: 'replace', path: 'nickNme', value: 'x' }, 'invalidPath', 'Unknown attribute "nickNme"'],
    [{ op: 'replace', path: 'foo', value: 'x' }, 'invalidPath', 'Unknown attribute "foo"'],
    [{ op: 'replace', path: 'name.middle', value: 'x' }, 'invalidPath', '"name" has no sub-attribute "middle"'],
    [{ op: 'replace', path: 'urn:example:unknown:2.0:User:x', value: 'x' }, 'invalidPath', 'Unknown schema'],
    [{ op: 'replace', path: `${ENTERPRISE}:costCentre`, value: 'x' }, 'invalidPath', 'Unknown attribute "costCentre"'],
    [{ op: 'replace', value: { preferredLanguage: 'en', foo: 'x' } }, 'invalidPath', 'Unknown attribute "foo"'],
    [
      { op: 'add', path: 'addresses[type eq "work"].street', value: 'x' },
      'invalidPath',
      '"addresses" has no sub-attribute "street"',
    ],
    [{ op: 'replace', path: 'emails.value', value: 'x' }, 'invalidPath', 'say which element'],
    [{ op: 'replace', path: 'title[value eq "x"]', value: 'x' }, 'invalidPath', 'single-valued'],
    [{ op: 'replace', path: 'emails[type eq "work"', value: 'x' }, 'invalidFilter', 'Expected "]"'],
    [
      { op: 'replace', path: 'emails[kind eq "work"].value', value: 'x' },
      'invalidFilter',
      'Unknown sub-attribute "kind"',
    ],
    [{ op: 'replace', path: 'name', value: { middle: 'x' } }, 'invalidPath', 'name has no sub-attribute "middle"'],
    // Types.
    [{ op: 'replace', path: 'active', value: 'yes' }, 'invalidValue', 'active must be true or false, not "yes"'],
    [{ op: 'replace', value: { active: 0 } }, 'invalidValue', 'active must be true or false'],
    [{ op: 'replace', path: 'title', value: 42 }, 'invalidValue', 'title must be a string'],
    [
      { op: 'replace', path: `${PRODUCT}:deskNumber`, value: 'twelve' },
      'invalidValue',
      `${PRODUCT}:deskNumber must be a number`,
    ],
    [{ op: 'replace', path: `${PRODUCT}:deskNumber`, value: 1.5 }, 'invalidValue', 'must be a whole number'],
    [{ op: 'replace', path: `${PRODUCT}:contractEnd`, value: 'soon' }, 'invalidValue', 'must be a date and time'],
    [{ op: 'replace', path: 'emails', value: ['x@example.com'] }, 'invalidValue', 'emails[0] must be an object'],
    [{ op: 'replace', path: 'name', value: 'Ann' }, 'invalidValue', 'name must be an object'],
    [{ op: 'replace', value: 'Ann' }, 'invalidValue', 'Without a "path", "value" must be an object'],
    [
      { op: 'replace', path: 'emails[type eq "work"]', value: [{ value: 'a@x' }, { value: 'b@x' }] },
      'invalidValue',
      'give one element',
    ],
    // Mutability.
    [{ op: 'replace', path: 'id', value: 'other' }, 'mutability', 'id is read-only'],
    [{ op: 'replace', value: { id: 'other' } }, 'mutability', 'id is read-only'],
    [
      { op: 'replace', path: 'meta.lastModified', value: '2030-01-01T00:00:00Z' },
      'mutability',
      'meta.lastModified is read-only',
    ],
    [{ op: 'remove', path: 'meta' }, 'mutability', 'meta is read-only'],
  ])('refuses %j as %s', (operation, scimType, detail) => {
    const error = refusal(() => patch(ann(), operation));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe(scimType);
    expect(error.detail).toContain(detail);
  });

  it('accepts a read-only or immutable attribute written with the value it has', () => {
    const same = patch(
      { ...ann(), [PRODUCT]: { badgeId: 'B-7' }, schemas: [CORE_USER_SCHEMA, ENTERPRISE, PRODUCT] },
      { op: 'replace', value: { id: ann().id, schemas: [PATCH_OP_SCHEMA] } },
      { op: 'replace', path: 'name.formatted', value: 'Ann Lee' },
      { op: 'replace', path: `${PRODUCT}:badgeId`, value: 'B-7' },
    );
    expect(same.id).toBe(ann().id);
    expect(same[PRODUCT]).toEqual({ badgeId: 'B-7' });
  });

  it('checks a read-only value against the resource before the PATCH, whatever the order of operations', () => {
    const next = patch(
      ann(),
      { op: 'Replace', path: 'name.familyName', value: 'Smith' },
      { op: 'Replace', path: 'name.formatted', value: 'Ann Lee' },
    );
    expect(next.name).toEqual({ givenName: 'Ann', familyName: 'Smith' });
    const unchanged = patch(ann(), { op: 'replace', value: { name: { formatted: 'Ann Lee', givenName: 'Ann' } } });
    expect(unchanged.name).toEqual(ann().name);
  });

  it('lets an immutable attribute be set once, never changed', () => {
    const badged = patch(ann(), { op: 'add', path: `${PRODUCT}:badgeId`, value: 'B-7' });
    expect(badged[PRODUCT]).toEqual({ badgeId: 'B-7' });
    const error = refusal(() => patch(badged, { op: 'replace', path: `${PRODUCT}:badgeId`, value: 'B-8' }));
    expect(error.scimType).toBe('mutability');
    expect(error.detail).toContain('cannot change once set');
  });

  it('names the failing operation and applies none of them', () => {
    const before = ann();
    const error = refusal(() =>
      patch(before, { op: 'replace', path: 'title', value: 'Lead' }, { op: 'Replace', path: 'nickNme', value: 'x' }),
    );
    expect(error.detail).toBe('Operations[1] (replace nickNme): Unknown attribute "nickNme" in "nickNme".');
    expect(before.title).toBe('Engineer');
  });
});

/** The core schema without the attributes another branch may add (nickName, addresses), so these tests hold either way. */
const CORE_WITHOUT_ADDRESSES: ScimSchemaDefinition = {
  ...CORE_USER_SCHEMA_DEFINITION,
  attributes: CORE_USER_SCHEMA_DEFINITION.attributes.filter(
    (attribute) => !['nickName', 'addresses'].includes(attribute.name),
  ),
};
const SCHEMAS_WITHOUT_ADDRESSES = [CORE_WITHOUT_ADDRESSES, ENTERPRISE_USER_SCHEMA_DEFINITION, PRODUCT_SCHEMA];

function patchDetailed(resource: ScimResourceJson, schemas: ScimSchemaDefinition[], ...operations: unknown[]) {
  return applyScimPatchDetailed(deepFreeze(resource), { schemas: [PATCH_OP_SCHEMA], Operations: operations }, schemas);
}

describe('attributes the RFC defines that are not stored, and derived read-only values: ignored and listed', () => {
  it('applies Entra ID’s default-mapping PATCH, ignoring name.formatted, preferredLanguage and the work address', () => {
    // The operations Entra ID's provisioning sends with the default attribute mappings of a custom SCIM app.
    const { resource, ignored } = patchDetailed(
      ann(),
      SCHEMAS_WITHOUT_ADDRESSES,
      { op: 'Replace', path: 'displayName', value: 'Ann Smith' },
      { op: 'Replace', path: 'name.familyName', value: 'Smith' },
      { op: 'Replace', path: 'name.formatted', value: 'Ann Smith' },
      { op: 'Add', path: 'preferredLanguage', value: 'en-GB' },
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main Street' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'London' },
      { op: 'Add', path: 'addresses[type eq "work"].country', value: 'GB' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 7700 900123' },
      { op: 'Replace', path: `${ENTERPRISE}:department`, value: 'Marketing' },
      { op: 'Replace', path: `${ENTERPRISE}:costCenter`, value: 'CC-9' },
    );
    expect(ignored).toEqual(['name.formatted', 'preferredLanguage', 'addresses', `${ENTERPRISE}:costCenter`]);
    expect(resource).toEqual({
      ...ann(),
      displayName: 'Ann Smith',
      name: { givenName: 'Ann', familyName: 'Smith' },
      phoneNumbers: [...(ann().phoneNumbers as object[]), { type: 'mobile', value: '+44 7700 900123' }],
      [ENTERPRISE]: { ...(ann()[ENTERPRISE] as object), department: 'Marketing' },
    });
  });

  it('ignores them in a path-less value: dotted keys, a complex value, an extension’s object', () => {
    const { resource, ignored } = patchDetailed(
      ann(),
      SCHEMAS_WITHOUT_ADDRESSES,
      { op: 'Replace', value: { 'name.formatted': 'Annie Lee', 'name.givenName': 'Annie', preferredLanguage: 'en' } },
      { op: 'replace', value: { name: { formatted: 'Annie Lee', middleName: 'Jo' }, locale: 'en-GB', title: 'Lead' } },
      { op: 'add', value: { [ENTERPRISE]: { costCenter: 'CC-1', division: 'North', department: 'Ops' } } },
      { op: 'add', value: { addresses: [{ type: 'work', locality: 'London' }], password: 'not stored' } },
    );
    expect(ignored).toEqual([
      'name.formatted',
      'preferredLanguage',
      'name.middleName',
      'locale',
      `${ENTERPRISE}:costCenter`,
      `${ENTERPRISE}:division`,
      'addresses',
      'password',
    ]);
    expect(resource.name).toEqual({ givenName: 'Annie', familyName: 'Lee' });
    expect(resource.title).toBe('Lead');
    expect(resource[ENTERPRISE]).toEqual({ ...(ann()[ENTERPRISE] as object), department: 'Ops' });
    expect(resource).not.toHaveProperty('password');
    expect(resource).not.toHaveProperty('addresses');
  });

  it('ignores a remove of one, and lists nothing when nothing was ignored', () => {
    const removed = patchDetailed(
      ann(),
      SCHEMAS_WITHOUT_ADDRESSES,
      { op: 'remove', path: 'addresses[type eq "work"]' },
      { op: 'remove', path: 'name.formatted' },
      { op: 'remove', path: 'nickName' },
    );
    expect(removed.ignored).toEqual(['addresses', 'name.formatted', 'nickName']);
    expect(removed.resource).toEqual(ann());
    expect(patchDetailed(ann(), SCHEMAS, { op: 'replace', path: 'title', value: 'Lead' }).ignored).toEqual([]);
  });

  it('ignores the manager’s derived $ref and displayName, and drops the stale ones when the manager changes', () => {
    const { resource, ignored } = patchDetailed(
      ann(),
      SCHEMAS,
      { op: 'replace', path: `${ENTERPRISE}:manager.$ref`, value: '../Users/x' },
      { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: 'm-2', displayName: 'Mia' } },
    );
    expect(ignored).toEqual([`${ENTERPRISE}:manager.$ref`, `${ENTERPRISE}:manager.displayName`]);
    expect(resource[ENTERPRISE]).toEqual({ employeeNumber: 'E-001', department: 'Sales', manager: { value: 'm-2' } });
  });

  it('stores what the schemas hold and ignores only the rest of an attribute (addresses with its locality)', () => {
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
    const { resource, ignored } = patchDetailed(
      ann(),
      [withOffice, ENTERPRISE_USER_SCHEMA_DEFINITION],
      { op: 'Add', path: 'addresses[type eq "work"].streetAddress', value: '1 Main Street' },
      { op: 'Add', path: 'addresses[type eq "work"].locality', value: 'London' },
      { op: 'Add', path: 'addresses', value: [{ type: 'home', locality: 'Leeds', postalCode: 'LS1' }] },
    );
    expect(ignored).toEqual(['addresses.streetAddress', 'addresses.postalCode']);
    expect(resource.addresses).toEqual([
      { type: 'work', locality: 'London' },
      { type: 'home', locality: 'Leeds' },
    ]);
  });

  it('still refuses id, meta and a change to a set immutable attribute', () => {
    const badged = { ...ann(), [PRODUCT]: { badgeId: 'B-7' }, schemas: [CORE_USER_SCHEMA, ENTERPRISE, PRODUCT] };
    for (const [operation, detail] of [
      [{ op: 'Replace', path: 'id', value: 'other' }, 'id is read-only'],
      [{ op: 'Replace', value: { 'meta.created': '2030-01-01T00:00:00Z' } }, 'meta.created is read-only'],
      [{ op: 'Replace', path: `${PRODUCT}:badgeId`, value: 'B-8' }, 'cannot change once set'],
    ] as const) {
      const error = refusal(() => patchDetailed(badged, SCHEMAS, operation));
      expect(error.scimType).toBe('mutability');
      expect(error.detail).toContain(detail);
    }
  });
});
