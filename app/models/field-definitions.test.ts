/**
 * The built-in field definitions agree with the columns the forms and queries list (app/models/employee-fields.ts),
 * keep their visibility (the private fields: the person and HR), and pass their own check.
 */
import { describe, expect, it } from 'vitest';
import { PRIVATE_FIELDS, PUBLIC_FIELDS } from './employee-fields';
import {
  BUILT_IN_FIELD_DEFINITIONS,
  checkFieldDefinitions,
  everyoneFieldKeys,
  restrictedFieldKeys,
  type FieldDefinitions,
} from './field-definitions';

describe('the built-in field definitions', () => {
  it('define each public field for everyone and each private one for the person and HR, in the forms’ order', () => {
    expect(everyoneFieldKeys(BUILT_IN_FIELD_DEFINITIONS)).toEqual([...PUBLIC_FIELDS]);
    expect(restrictedFieldKeys(BUILT_IN_FIELD_DEFINITIONS)).toEqual([...PRIVATE_FIELDS]);
    for (const key of PRIVATE_FIELDS) {
      expect(BUILT_IN_FIELD_DEFINITIONS.find((field) => field.key === key)?.visibility).toBe('person-and-hr');
    }
    expect(checkFieldDefinitions(BUILT_IN_FIELD_DEFINITIONS)).toEqual([]);
  });

  it('refuse a field twice, a naming field kept from anyone, and a restricted field offered to a manager picker', () => {
    const restrict = (key: string, visibility: 'hr'): FieldDefinitions =>
      BUILT_IN_FIELD_DEFINITIONS.map((field) => (field.key === key ? { ...field, visibility } : field));
    expect(checkFieldDefinitions([...BUILT_IN_FIELD_DEFINITIONS, BUILT_IN_FIELD_DEFINITIONS[4]!])).toEqual([
      'workPhone is defined twice',
    ]);
    expect(checkFieldDefinitions(restrict('jobTitle', 'hr'))).toEqual([
      'jobTitle names the person, so everyone must see it',
    ]);
    expect(checkFieldDefinitions(restrict('department', 'hr'))).toEqual([
      'department is shown when picking a manager, so everyone must see it',
      'department names the person, so everyone must see it',
    ]);
  });
});
