/**
 * `attributes` and `excludedAttributes` on a User's JSON: what is always kept, case-insensitive and
 * URN-qualified names, sub-attributes of single and multi-valued attributes, and the returned rules.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from './scim-error';
import { projectScimResource } from './scim-projection';
import type { ScimResourceJson } from './scim-resource';
import {
  CORE_USER_SCHEMA,
  CORE_USER_SCHEMA_DEFINITION,
  ENTERPRISE_USER_SCHEMA as ENTERPRISE,
  ENTERPRISE_USER_SCHEMA_DEFINITION,
  PRODUCT_USER_SCHEMA as PRODUCT,
  scimAttribute,
  type ScimSchemaDefinition,
} from './user-schema';

const PRODUCT_SCHEMA: ScimSchemaDefinition = {
  id: PRODUCT,
  name: 'PeopleUser',
  description: 'HR-defined fields',
  attributes: [
    scimAttribute('shirtSize', 'string', 'Only when asked for.', { returned: 'request' }),
    scimAttribute('pin', 'string', 'Never shown.', { returned: 'never' }),
    scimAttribute('badgeId', 'string', 'Always shown.', { returned: 'always' }),
  ],
};
const SCHEMAS = [CORE_USER_SCHEMA_DEFINITION, ENTERPRISE_USER_SCHEMA_DEFINITION, PRODUCT_SCHEMA];

const ANN: ScimResourceJson = Object.freeze({
  schemas: [CORE_USER_SCHEMA, ENTERPRISE, PRODUCT],
  id: 'a-1',
  externalId: 'ext-ann',
  userName: 'ann@example.com',
  name: { formatted: 'Ann Lee', givenName: 'Ann', familyName: 'Lee' },
  active: true,
  emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
  [ENTERPRISE]: { department: 'Sales', manager: { value: 'm-1', displayName: 'Max' } },
  [PRODUCT]: { shirtSize: 'M', pin: '1234', badgeId: 'B-7' },
  meta: { resourceType: 'User', lastModified: '2026-01-02T00:00:00Z' },
});

describe('projectScimResource', () => {
  it('without parameters returns the default attributes: not "request" ones, never "never" ones', () => {
    const all = projectScimResource(ANN, {}, SCHEMAS);
    expect(all[PRODUCT]).toEqual({ badgeId: 'B-7' });
    expect(all).toMatchObject({ userName: 'ann@example.com', meta: ANN.meta, [ENTERPRISE]: ANN[ENTERPRISE] });
  });

  it('keeps only what attributes asks for, plus id, schemas and "always" attributes', () => {
    expect(projectScimResource(ANN, { attributes: 'userName' }, SCHEMAS)).toEqual({
      schemas: ANN.schemas,
      id: 'a-1',
      userName: 'ann@example.com',
      [PRODUCT]: { badgeId: 'B-7' },
    });
  });

  it('reads names in any case, with spaces, as a string or a list', () => {
    const fromString = projectScimResource(ANN, { attributes: ' USERNAME , Active' }, SCHEMAS);
    const fromList = projectScimResource(ANN, { attributes: ['username', 'ACTIVE'] }, SCHEMAS);
    expect(fromString).toEqual(fromList);
    expect(fromString).toMatchObject({ userName: 'ann@example.com', active: true });
  });

  it('picks sub-attributes, of each element of a multi-valued attribute too', () => {
    const picked = projectScimResource(ANN, { attributes: 'name.givenName,emails.value' }, SCHEMAS);
    expect(picked.name).toEqual({ givenName: 'Ann' });
    expect(picked.emails).toEqual([{ value: 'ann@example.com' }]);
    expect(picked).not.toHaveProperty('userName');
  });

  it('reads URN-qualified names: one attribute, a sub-attribute, or the whole extension', () => {
    const one = projectScimResource(ANN, { attributes: `${ENTERPRISE}:department` }, SCHEMAS);
    expect(one[ENTERPRISE]).toEqual({ department: 'Sales' });
    const sub = projectScimResource(ANN, { attributes: `${ENTERPRISE.toLowerCase()}:MANAGER.value` }, SCHEMAS);
    expect(sub[ENTERPRISE]).toEqual({ manager: { value: 'm-1' } });
    const whole = projectScimResource(ANN, { attributes: ENTERPRISE }, SCHEMAS);
    expect(whole[ENTERPRISE]).toEqual(ANN[ENTERPRISE]);
    expect(whole).not.toHaveProperty('userName');
    const core = projectScimResource(ANN, { attributes: `${CORE_USER_SCHEMA}:userName` }, SCHEMAS);
    expect(core.userName).toBe('ann@example.com');
  });

  it('returns a "request" attribute when asked for it, a "never" one not even then', () => {
    const asked = projectScimResource(ANN, { attributes: `${PRODUCT}:shirtSize,${PRODUCT}:pin` }, SCHEMAS);
    expect(asked[PRODUCT]).toEqual({ shirtSize: 'M', badgeId: 'B-7' });
  });

  it('drops excluded attributes and sub-attributes, never id, schemas or "always" ones', () => {
    const trimmed = projectScimResource(
      ANN,
      {
        excludedAttributes: `emails,name.formatted,id,schemas,meta,${PRODUCT}:badgeId,${ENTERPRISE}:manager.displayName`,
      },
      SCHEMAS,
    );
    expect(trimmed).toEqual({
      schemas: ANN.schemas,
      id: 'a-1',
      externalId: 'ext-ann',
      userName: 'ann@example.com',
      name: { givenName: 'Ann', familyName: 'Lee' },
      active: true,
      [ENTERPRISE]: { department: 'Sales', manager: { value: 'm-1' } },
      [PRODUCT]: { badgeId: 'B-7' },
    });
    const noExtension = projectScimResource(ANN, { excludedAttributes: ENTERPRISE }, SCHEMAS);
    expect(noExtension).not.toHaveProperty(ENTERPRISE);
  });

  it('applies both: the attributes asked for, less the excluded ones', () => {
    const both = projectScimResource(
      ANN,
      { attributes: 'name,userName', excludedAttributes: 'name.familyName' },
      SCHEMAS,
    );
    expect(both.name).toEqual({ formatted: 'Ann Lee', givenName: 'Ann' });
    expect(both.userName).toBe('ann@example.com');
  });

  it('selects nothing for a name the schemas lack, and refuses one that is not a path', () => {
    expect(projectScimResource(ANN, { attributes: 'nickName' }, SCHEMAS)).toEqual({
      schemas: ANN.schemas,
      id: 'a-1',
      [PRODUCT]: { badgeId: 'B-7' },
    });
    expect(() => projectScimResource(ANN, { attributes: 'user name' }, SCHEMAS)).toThrow(ScimError);
    let caught: unknown;
    try {
      projectScimResource(ANN, { excludedAttributes: 'a.b.c' }, SCHEMAS);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect((caught as ScimError).detail).toContain('excludedAttributes: "a.b.c" is not an attribute path');
  });
});
