/**
 * The fields HR defines as plain data (app/models/custom-fields.ts): the schema built from the definitions checks
 * every type's value with a message naming the field, keeps required fields required, keeps a retired option a
 * person holds, and the definition schema refuses settings that could not work (a field the person changes but
 * may not see; a searchable field not everyone may see).
 */
import { describe, expect, it } from 'vitest';
import {
  CUSTOM_FIELD_TYPES,
  customFieldInputName,
  displayValue,
  newFieldSchema,
  optionValueOf,
  parseCustomValues,
  parseStoredValues,
  messagesByField,
  type CustomFieldDefinition,
  type CustomFieldType,
} from './custom-fields';

function field(type: CustomFieldType, extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition {
  return {
    key: `f_${type.replace('-', '_')}`,
    label: `The ${type}`,
    helpText: null,
    type,
    required: false,
    visibility: 'everyone',
    editableBy: 'person',
    needsApproval: false,
    searchable: false,
    facet: false,
    section: null,
    position: 1,
    retired: false,
    options: [
      { value: 'small', label: 'Small', retired: false },
      { value: 'large', label: 'Large', retired: false },
      { value: 'huge', label: 'Huge', retired: true },
    ],
    ...extra,
  };
}

const sent = (definition: CustomFieldDefinition, value: string | string[]) => ({
  [customFieldInputName(definition.key)]: value,
});

describe('values of the fields HR defines', () => {
  const good: Record<CustomFieldType, [string | string[], unknown]> = {
    'short-text': ['  they/them ', 'they/them'],
    'long-text': ['line one\r\nline two', 'line one\r\nline two'],
    'one-choice': ['small', 'small'],
    'several-choices': [
      ['small', 'large', 'small'],
      ['small', 'large'],
    ],
    date: ['2024-02-29', '2024-02-29'],
    number: ['-3.5', '-3.5'],
    url: ['https://example.com/me', 'https://example.com/me'],
    email: ['Me@Example.COM', 'me@example.com'],
    phone: ['+44 (0)20 7946 0000', '+44 (0)20 7946 0000'],
  };
  const bad: Record<CustomFieldType, [string | string[], string]> = {
    'short-text': ['a'.repeat(201), 'The short-text must be at most 200 characters'],
    'long-text': ['x\u0000', 'The long-text may not contain control characters'],
    'one-choice': ['medium', 'The one-choice: pick one of the options offered'],
    'several-choices': [['small', 'medium'], 'The several-choices: pick from the options offered'],
    date: ['2023-02-30', 'The date: enter a real date'],
    number: ['12abc', 'The number must be a number, such as 42 or 3.5'],
    url: ['javascript:alert(1)', 'The url must be a web address starting with https:// or http://'],
    email: ['not-an-address', 'The email: enter a valid email address'],
    phone: ['call me', 'The phone may contain only digits, spaces and + ( ) - . x'],
  };

  it.each(CUSTOM_FIELD_TYPES)('%s: a good value is kept (normalised), a bad one refused naming the field', (type) => {
    const definition = field(type);
    const [value, stored] = good[type];
    expect(parseCustomValues(sent(definition, value), [definition])).toEqual({
      values: { [definition.key]: stored },
      errors: null,
    });
    const [wrong, message] = bad[type];
    const refused = parseCustomValues(sent(definition, wrong), [definition]);
    expect(refused.values).toBeNull();
    expect(Object.keys(refused.errors ?? {})).toEqual([customFieldInputName(definition.key)]);
    expect(refused.errors?.[customFieldInputName(definition.key)]).toContain(message);
  });

  it.each(CUSTOM_FIELD_TYPES)('%s: empty or left out is no value, unless the field is required', (type) => {
    const optional = field(type);
    expect(parseCustomValues({}, [optional]).values).toEqual({ [optional.key]: null });
    expect(parseCustomValues(sent(optional, ''), [optional]).values).toEqual({ [optional.key]: null });
    const required = field(type, { required: true });
    for (const form of [{}, sent(required, '')]) {
      expect(parseCustomValues(form, [required]).errors).toEqual({
        [customFieldInputName(required.key)]: `The ${type} is required`,
      });
    }
  });

  it('keeps a retired option a person already holds, and shows options by their label', () => {
    const one = field('one-choice');
    expect(parseCustomValues(sent(one, 'huge'), [one]).values).toEqual({ [one.key]: 'huge' });
    expect(displayValue(one, 'huge')).toBe('Huge');
    expect(displayValue(field('several-choices'), ['small', 'large'])).toBe('Small, Large');
  });

  it('reads stored values leniently: broken JSON or odd shapes are no values, not an error', () => {
    expect(parseStoredValues(null)).toEqual({});
    expect(parseStoredValues('{broken')).toEqual({});
    expect(parseStoredValues('[1,2]')).toEqual({});
    expect(parseStoredValues('{"a":"x","b":["y",3],"c":4}')).toEqual({ a: 'x', b: ['y'] });
  });
});

describe('a field HR adds', () => {
  const base = { key: 't_shirt', type: 'one-choice', label: 'T-shirt', visibility: 'everyone', editableBy: 'person' };
  const errors = (form: Record<string, string>) => {
    const parsed = newFieldSchema.safeParse(form);
    return parsed.success ? {} : messagesByField(parsed.error);
  };

  it('parses a valid field, its options one per line', () => {
    const parsed = newFieldSchema.parse({ ...base, options: ' S \r\nM\n\nL', required: 'on', section: '' });
    expect(parsed).toMatchObject({ key: 't_shirt', options: ['S', 'M', 'L'], required: true, section: null });
  });

  it('refuses each setting that cannot work, with its message', () => {
    expect(errors({ ...base, options: '' })).toEqual({ options: 'List at least one option, one per line' });
    expect(errors({ ...base, options: 'S', key: 'T Shirt' }).key).toMatch(/^Key: 2 to 40/);
    expect(errors({ ...base, options: 'S', label: '  ' })).toEqual({ label: 'Label is required' });
    expect(errors({ ...base, options: 'S', visibility: 'hr' })).toEqual({
      editableBy: 'The person may change only a field they may see: choose HR only, or a wider visibility',
    });
    expect(errors({ ...base, options: 'S', visibility: 'person-and-hr', searchable: 'on' })).toEqual({
      visibility: 'Only a field everyone may see can be searchable or a facet in the directory',
    });
    expect(errors({ ...base, options: 'S', type: 'rich-text' })).toEqual({ type: 'Choose a type' });
  });

  it("lets only a change by the person wait for HR's approval", () => {
    expect(newFieldSchema.parse({ ...base, options: 'S', needsApproval: 'on' })).toMatchObject({ needsApproval: true });
    expect(errors({ ...base, options: 'S', editableBy: 'hr', needsApproval: 'on' })).toEqual({
      editableBy: 'Only a change by the person can wait for HR’s approval: choose “The person” under who may change it',
    });
  });

  it('gives options stable values from their first label, distinct within the field', () => {
    expect(optionValueOf('Extra Large (XL)', [])).toBe('extra-large-xl');
    expect(optionValueOf('Crème', ['creme'])).toBe('creme-2');
    expect(optionValueOf('***', [])).toBe('option');
  });
});
