/**
 * The SCIM filter parser: every operator, and/or/not with their precedence, grouping, value filters,
 * sub-attributes and URN-qualified paths, case-insensitive names and operators, literals, and bad filters
 * refused with a 400 invalidFilter that says what and where.
 */
import { describe, expect, it } from 'vitest';
import { ScimError } from './scim-error';
import {
  MAX_SCIM_FILTER_DEPTH,
  MAX_SCIM_FILTER_LENGTH,
  parseScimFilter,
  parseScimPath,
  type ScimFilter,
} from './scim-filter';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The filter as a compact string: keys, operators and values, to compare shapes at a glance. */
function shape(filter: ScimFilter): string {
  switch (filter.op) {
    case 'and':
    case 'or':
      return `(${shape(filter.left)} ${filter.op} ${shape(filter.right)})`;
    case 'not':
      return `not(${shape(filter.filter)})`;
    case 'valuePath':
      return `${filter.path.key}[${shape(filter.filter)}]`;
    case 'pr':
      return `${filter.path.key} pr`;
    default:
      return `${filter.path.key} ${filter.op} ${JSON.stringify(filter.value)}`;
  }
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

describe('parseScimFilter', () => {
  it.each(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'])('reads the %s operator', (op) => {
    expect(shape(parseScimFilter(`userName ${op} "ann@example.com"`))).toBe(`username ${op} "ann@example.com"`);
  });

  it('reads pr, and operators and names in any case', () => {
    expect(shape(parseScimFilter('title PR'))).toBe('title pr');
    expect(shape(parseScimFilter('UserName EQ "Ann" AnD Active Eq TRUE'))).toBe(
      '(username eq "Ann" and active eq true)',
    );
  });

  it('keeps the attribute names as written beside the lower-cased key', () => {
    const filter = parseScimFilter('name.givenName eq "Ann"');
    expect(filter).toEqual({
      op: 'eq',
      path: { schema: null, attribute: 'name', subAttribute: 'givenName', key: 'name.givenname' },
      value: 'Ann',
    });
  });

  it('binds and tighter than or, and groups with parentheses', () => {
    expect(shape(parseScimFilter('title pr or userName eq "a" and active eq false'))).toBe(
      '(title pr or (username eq "a" and active eq false))',
    );
    expect(shape(parseScimFilter('(title pr or userName eq "a") and active eq false'))).toBe(
      '((title pr or username eq "a") and active eq false)',
    );
    expect(shape(parseScimFilter('a eq 1 or b eq 2 or c eq 3'))).toBe('((a eq 1 or b eq 2) or c eq 3)');
  });

  it('reads not, with or without a space before the parenthesis', () => {
    expect(shape(parseScimFilter('not (title pr)'))).toBe('not(title pr)');
    expect(shape(parseScimFilter('NOT(title pr) and not ( active eq true )'))).toBe(
      '(not(title pr) and not(active eq true))',
    );
  });

  it('reads value filters on multi-valued attributes', () => {
    expect(shape(parseScimFilter('emails[type eq "work" and value co "@example.com"]'))).toBe(
      'emails[(type eq "work" and value co "@example.com")]',
    );
    expect(shape(parseScimFilter('userType eq "Employee" and emails[type eq "work" or not (primary eq false)]'))).toBe(
      '(usertype eq "Employee" and emails[(type eq "work" or not(primary eq false))])',
    );
  });

  it('reads URN-qualified paths, with or without a sub-attribute', () => {
    const department = parseScimFilter(`${ENTERPRISE}:department eq "Sales"`);
    expect(department).toMatchObject({
      path: {
        schema: ENTERPRISE,
        attribute: 'department',
        subAttribute: null,
        key: `${ENTERPRISE}:department`.toLowerCase(),
      },
    });
    const manager = parseScimFilter(`${ENTERPRISE}:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"`);
    expect(manager).toMatchObject({
      path: {
        schema: ENTERPRISE,
        attribute: 'manager',
        subAttribute: 'value',
        key: `${ENTERPRISE}:manager.value`.toLowerCase(),
      },
    });
  });

  it('drops the core schema URN from the key (it is optional in the RFC)', () => {
    const filter = parseScimFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ann@example.com"');
    expect(filter).toMatchObject({ path: { key: 'username' } });
  });

  it('reads literals: strings with escapes, true, false, null, numbers and dates as strings', () => {
    const value = (text: string) => (parseScimFilter(`x eq ${text}`) as { value: unknown }).value;
    expect(value(String.raw`"say \"hi\" \\ \u00e9\n"`)).toBe('say "hi" \\ é\n');
    expect(value('"O\'Brien"')).toBe("O'Brien");
    expect(value('true')).toBe(true);
    expect(value('False')).toBe(false);
    expect(value('null')).toBe(null);
    expect(value('42')).toBe(42);
    expect(value('-1.5e3')).toBe(-1500);
    expect(value('"2011-05-13T04:42:34Z"')).toBe('2011-05-13T04:42:34Z');
    expect(shape(parseScimFilter('meta.lastModified gt "2011-05-13T04:42:34Z"'))).toBe(
      'meta.lastmodified gt "2011-05-13T04:42:34Z"',
    );
  });

  it('reads the filters Entra ID and Okta send', () => {
    // Entra ID checks whether a user exists before creating it; Okta does the same by userName.
    expect(shape(parseScimFilter('userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"'))).toBe(
      'username eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"',
    );
    expect(shape(parseScimFilter('externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"'))).toBe(
      'externalid eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"',
    );
    expect(shape(parseScimFilter('userName eq "isabella@example.com"'))).toBe('username eq "isabella@example.com"');
  });

  it.each([
    ['', 'empty'],
    ['userName', 'Expected an operator'],
    ['userName eq', 'Expected a value'],
    ['userName eq "ann', 'not closed'],
    ['userName eq "\\x"', 'invalid escape'],
    ['userName xx "a"', 'Expected an operator'],
    ['userName eq ann', 'Expected a value'],
    ['userName eq "a" and', 'Expected an attribute path'],
    ['userName eq "a" title pr', 'Unexpected "title"'],
    ['(userName eq "a"', 'Expected ")"'],
    ['userName eq "a")', 'Unexpected ")"'],
    ['not userName eq "a"', '"not" must be followed by "("'],
    ['emails[type eq "work"', 'Expected "]"'],
    ['emails[type[value eq "x"] eq "work"]', 'cannot contain another'],
    ['emails[name.givenName eq "x"]', 'sub-attributes only'],
    ['name.givenName[value eq "x"]', 'multi-valued attribute'],
    ['1abc eq "x"', 'not an attribute path'],
    ['a.b.c eq "x"', 'not an attribute path'],
    ['urn:x eq "x"', 'not an attribute path'],
  ])('refuses %j: %s', (text, expected) => {
    const error = refusal(() => parseScimFilter(text));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(expected);
  });

  it('says where the problem is', () => {
    expect(refusal(() => parseScimFilter('userName eq "a" and title xx "b"')).detail).toBe(
      'Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after "title", found "xx" (character 27).',
    );
  });

  it(`refuses a filter longer than ${MAX_SCIM_FILTER_LENGTH} characters`, () => {
    const long = `userName eq "${'a'.repeat(MAX_SCIM_FILTER_LENGTH)}"`;
    expect(refusal(() => parseScimFilter(long)).detail).toContain(`at most ${MAX_SCIM_FILTER_LENGTH}`);
  });

  it(`refuses nesting deeper than ${MAX_SCIM_FILTER_DEPTH} levels, and accepts that depth`, () => {
    const nested = (depth: number) => `${'('.repeat(depth)}title pr${')'.repeat(depth)}`;
    expect(shape(parseScimFilter(nested(MAX_SCIM_FILTER_DEPTH)))).toBe('title pr');
    const error = refusal(() => parseScimFilter(nested(MAX_SCIM_FILTER_DEPTH + 1)));
    expect(error.scimType).toBe('invalidFilter');
    expect(error.detail).toContain(`deeper than ${MAX_SCIM_FILTER_DEPTH}`);
    expect(
      refusal(() =>
        parseScimFilter(`${'not ('.repeat(MAX_SCIM_FILTER_DEPTH + 1)}title pr${')'.repeat(MAX_SCIM_FILTER_DEPTH + 1)}`),
      ).detail,
    ).toContain('deeper');
  });

  it('does not blow the stack on a long chain of and', () => {
    const chain = Array.from({ length: 300 }, (_, i) => `a${i} pr`).join(' and ');
    expect(parseScimFilter(chain).op).toBe('and');
  });
});

describe('parseScimPath', () => {
  it('reads simple, sub-attribute and URN-qualified paths', () => {
    expect(parseScimPath('displayName')).toEqual({
      path: { schema: null, attribute: 'displayName', subAttribute: null, key: 'displayname' },
      filter: null,
      subAttribute: null,
    });
    expect(parseScimPath('name.givenName').path.key).toBe('name.givenname');
    expect(parseScimPath(`${ENTERPRISE}:manager`).path).toEqual({
      schema: ENTERPRISE,
      attribute: 'manager',
      subAttribute: null,
      key: `${ENTERPRISE}:manager`.toLowerCase(),
    });
  });

  it('reads value filters with and without a sub-attribute after them', () => {
    const withSub = parseScimPath('emails[type eq "work"].value');
    expect(withSub.path.key).toBe('emails');
    expect(shape(withSub.filter!)).toBe('type eq "work"');
    expect(withSub.subAttribute).toBe('value');
    const whole = parseScimPath('phoneNumbers[type eq "work"]');
    expect(whole.subAttribute).toBeNull();
    expect(shape(whole.filter!)).toBe('type eq "work"');
  });

  it('refuses a malformed path with invalidPath, and a malformed filter in it with invalidFilter', () => {
    expect(refusal(() => parseScimPath('emails[type eq "work"].')).scimType).toBe('invalidPath');
    expect(refusal(() => parseScimPath('emails[type eq "work"] x')).scimType).toBe('invalidPath');
    expect(refusal(() => parseScimPath('a.b.c')).scimType).toBe('invalidPath');
    expect(refusal(() => parseScimPath('emails[type eq]')).scimType).toBe('invalidFilter');
    expect(refusal(() => parseScimPath('')).scimType).toBe('invalidPath');
  });
});
