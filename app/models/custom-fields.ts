/**
 * Fields HR defines (docs/decisions/023-hr-defined-field-storage.md): what a definition is, the zod schema that
 * checks a definition HR types on /admin/fields, and the zod schema built from the definitions that checks the
 * values a profile form sends (the same messages on /me and HR's employee page). Values are keyed by the field's
 * stable key, never by its label, so a rename keeps them. Plain TypeScript with zod: the forms may use it.
 */
import { z } from 'zod';
import { FIELD_VISIBILITIES, type FieldVisibility } from './field-definitions';
import { refuseControlCharacters } from '~/utils/control-characters';

export const CUSTOM_FIELD_TYPES = [
  'short-text',
  'long-text',
  'one-choice',
  'several-choices',
  'date',
  'number',
  'url',
  'email',
  'phone',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const CUSTOM_FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  'short-text': 'Short text',
  'long-text': 'Long text',
  'one-choice': 'One choice from a list',
  'several-choices': 'Several choices from a list',
  date: 'Date',
  number: 'Number',
  url: 'Web address (URL)',
  email: 'Email address',
  phone: 'Phone number',
};

export const FIELD_VISIBILITY_LABELS: Record<FieldVisibility, string> = {
  everyone: 'Everyone signed in',
  'manager-chain-and-hr': "The person's managers and HR",
  'person-and-hr': 'The person and HR',
  hr: 'HR only',
};

/** Who may change a value: the person (on /me; HR too) or HR only. */
export const FIELD_EDITORS = ['person', 'hr'] as const;
export type FieldEditor = (typeof FIELD_EDITORS)[number];
export const FIELD_EDITOR_LABELS: Record<FieldEditor, string> = {
  person: 'The person (and HR)',
  hr: 'HR only',
};

export interface CustomFieldOption {
  /** Stable: stored in the values, so an option's label may change without touching them. */
  value: string;
  label: string;
  /** A retired option is no longer offered; values that hold it keep it and still show it. */
  retired: boolean;
}

export interface CustomFieldDefinition {
  key: string;
  label: string;
  helpText: string | null;
  type: CustomFieldType;
  required: boolean;
  visibility: FieldVisibility;
  editableBy: FieldEditor;
  /**
   * A change the person makes waits for HR's approval (only when `editableBy` is `person`; HR's own changes on the
   * employee page never wait): docs/decisions/323-field-change-approval.md.
   */
  needsApproval: boolean;
  /**
   * Only for `everyone` fields (checked on save): the search index holds such a field's values
   * (docs/decisions/324-search-index-holds-everyone-fields.md).
   */
  searchable: boolean;
  facet: boolean;
  section: string | null;
  position: number;
  /** Hidden from every page and form; its values are kept. */
  retired: boolean;
  options: CustomFieldOption[];
}

export type CustomFieldDefinitions = readonly CustomFieldDefinition[];

/** A stored value: text for every type but several choices (a list of option values). */
export type CustomFieldValue = string | string[];
export type CustomFieldValues = Record<string, CustomFieldValue>;

/** The form's input name for a field: prefixed, so it never collides with a built-in field or an intent. */
export function customFieldInputName(key: string): string {
  return `custom.${key}`;
}

export const MAX_CUSTOM_TEXT = 200;
export const MAX_CUSTOM_LONG_TEXT = 2000;
export const MAX_OPTIONS = 50;

export function isChoiceType(type: CustomFieldType): boolean {
  return type === 'one-choice' || type === 'several-choices';
}

/** The fields in force (not retired), in HR's order. */
export function activeCustomFields(definitions: CustomFieldDefinitions): CustomFieldDefinition[] {
  return definitions.filter((field) => !field.retired).sort((a, b) => a.position - b.position);
}

/**
 * The fields as a new profile's form offers them (/join, SSO onboarding, the CSV import): a retired option is kept
 * on a form only for those who hold it already, and a new person holds nothing, so it is refused like any other.
 */
export function offeredForNewProfile(fields: readonly CustomFieldDefinition[]): CustomFieldDefinition[] {
  return fields.map((field) => ({ ...field, options: field.options.filter((option) => !option.retired) }));
}

/** The values a form set (null: not given) as the column stores them: JSON, or null when none is given. */
export function storedValuesOf(values: Record<string, CustomFieldValue | null>): string | null {
  const given = Object.entries(values).filter((entry): entry is [string, CustomFieldValue] => entry[1] !== null);
  return given.length > 0 ? JSON.stringify(Object.fromEntries(given)) : null;
}

/** Stored values from the column (JSON text); anything unreadable counts as no values rather than an error page. */
export function parseStoredValues(stored: string | null | undefined): CustomFieldValues {
  if (!stored) return {};
  try {
    const parsed: unknown = JSON.parse(stored);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const values: CustomFieldValues = {};
    for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof value === 'string') values[key] = value;
      else if (Array.isArray(value)) values[key] = value.filter((item): item is string => typeof item === 'string');
    }
    return values;
  } catch {
    return {};
  }
}

/** A value as a page or a CSV cell shows it: a choice by its option's label, several joined by commas. */
export function displayValue(field: CustomFieldDefinition, value: CustomFieldValue | undefined): string {
  if (value === undefined) return '';
  const labelOf = (option: string) => field.options.find((candidate) => candidate.value === option)?.label ?? option;
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  return isChoiceType(field.type) ? labelOf(value) : value;
}

/**
 * The inverse of displayValue for a CSV cell (the import reads what the export writes): a choice given by its
 * option's label (or its stored value), several separated by commas; other types as written. A cell that names no
 * option is passed on as it is, for the schema to refuse with the form's message.
 */
export function formValueFromCell(field: CustomFieldDefinition, cell: string): string | string[] {
  const text = cell.trim();
  if (!isChoiceType(field.type)) return text;
  const optionFor = (name: string) => {
    const wanted = name.trim().toLowerCase();
    return field.options.find((option) => option.label.toLowerCase() === wanted || option.value === name.trim());
  };
  if (field.type === 'one-choice') return optionFor(text)?.value ?? text;
  if (text === '') return [];
  // A label may hold a comma itself: pieces are joined until they name an option.
  const chosen: string[] = [];
  let pending = '';
  for (const piece of text.split(',')) {
    pending = pending ? `${pending},${piece}` : piece;
    const option = optionFor(pending);
    if (option) {
      chosen.push(option.value);
      pending = '';
    }
  }
  if (pending.trim()) chosen.push(pending.trim());
  return chosen;
}

/** A value as a form's field holds it: several choices are checkboxes, given here as the list. */
export function formValueOf(value: CustomFieldValue | undefined): string | string[] {
  return value ?? '';
}

const PHONE = /^[+()0-9 .\-x]*$/;

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A schema whose input is whatever a form sent (a string, a list, nothing) and whose output is the value. */
type ValueSchema<T> = z.ZodType<T, z.ZodTypeDef, unknown>;

/** The schema of one field's value as a form sends it ('' or nothing is "no value"). */
function valueSchema(field: CustomFieldDefinition): ValueSchema<CustomFieldValue | null> {
  const label = field.label;
  const requiredMessage = `${label} is required`;
  const offered = new Set(field.options.filter((option) => !option.retired).map((option) => option.value));
  const known = new Set(field.options.map((option) => option.value));
  const emptyToNull = (value: string) => (value === '' ? null : value);
  const text = (max: number, multiLine = false) =>
    refuseControlCharacters(z.string().trim().max(max, `${label} must be at most ${max} characters`), label, {
      multiLine,
    });
  // Short text, unless the type says otherwise below.
  let single: ValueSchema<string | null> = text(MAX_CUSTOM_TEXT).transform(emptyToNull);
  switch (field.type) {
    case 'short-text':
      break;
    case 'long-text':
      single = text(MAX_CUSTOM_LONG_TEXT, true).transform(emptyToNull);
      break;
    case 'date':
      single = text(10)
        .refine(
          (value) => value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value),
          `${label}: use the date format YYYY-MM-DD`,
        )
        // Read back as written: a day past the month's end (2023-02-30) is refused, not moved into March.
        .refine((value) => value === '' || isRealDate(value), `${label}: enter a real date`)
        .transform(emptyToNull);
      break;
    case 'number':
      single = text(30)
        .refine(
          (value) => value === '' || /^-?\d+(\.\d+)?$/.test(value),
          `${label} must be a number, such as 42 or 3.5`,
        )
        .transform(emptyToNull);
      break;
    case 'url':
      single = text(500)
        .refine(
          (value) => value === '' || /^https?:\/\/[^\s/]+\.[^\s]*$/i.test(value),
          `${label} must be a web address starting with https:// or http://`,
        )
        .transform(emptyToNull);
      break;
    case 'email':
      single = text(254)
        .refine(
          (value) => value === '' || z.string().email().safeParse(value).success,
          `${label}: enter a valid email address`,
        )
        .transform((value) => emptyToNull(value.toLowerCase()));
      break;
    case 'phone':
      single = text(40)
        .refine((value) => PHONE.test(value), `${label} may contain only digits, spaces and + ( ) - . x`)
        .transform(emptyToNull);
      break;
    case 'one-choice':
      single = z
        .string()
        .trim()
        .max(100, `${label}: pick one of the options offered`)
        .refine(
          // A retired option a person already holds may be sent back unchanged (it is shown, not offered).
          (value) => value === '' || offered.has(value) || known.has(value),
          `${label}: pick one of the options offered`,
        )
        .transform(emptyToNull);
      break;
    case 'several-choices': {
      const list = z
        .union([z.string(), z.array(z.string())])
        .transform((value) => (Array.isArray(value) ? value : value === '' ? [] : [value]))
        .pipe(
          z
            .array(z.string().max(100, `${label}: pick from the options offered`))
            .max(MAX_OPTIONS, `${label}: too many choices`),
        )
        .refine(
          (values) => values.every((value) => offered.has(value) || known.has(value)),
          `${label}: pick from the options offered`,
        )
        .transform((values) => [...new Set(values)]);
      // Nothing ticked sends nothing: read as an empty list (a union with undefined would hide the messages).
      return z
        .preprocess((value) => (value === undefined ? [] : value), list)
        .transform((value) => (value.length > 0 ? value : null))
        .refine((value) => !field.required || value !== null, requiredMessage);
    }
  }
  // A field left out of the post reads as empty (a union with undefined would hide the field's own messages).
  return z
    .preprocess((value) => (value === undefined ? '' : value), single)
    .refine((value) => !field.required || value !== null, requiredMessage);
}

/**
 * The schema of the values a form sends for `fields` (by input name, customFieldInputName): each parsed by its
 * type, with messages that name the field. Its output is the values by key (null: cleared).
 */
export function customValuesSchema(fields: readonly CustomFieldDefinition[]) {
  const shape: Record<string, ValueSchema<CustomFieldValue | null>> = {};
  for (const field of fields) shape[customFieldInputName(field.key)] = valueSchema(field);
  return z.object(shape).transform((parsed) => {
    const values: Record<string, CustomFieldValue | null> = {};
    for (const field of fields) values[field.key] = parsed[customFieldInputName(field.key)] ?? null;
    return values;
  });
}

/** The values a form sent for `fields`: a string each, a list for several choices. */
export function customFormValues(formData: FormData, fields: readonly CustomFieldDefinition[]) {
  const values: Record<string, string | string[]> = {};
  for (const field of fields) {
    const name = customFieldInputName(field.key);
    const all = formData.getAll(name).filter((value): value is string => typeof value === 'string');
    if (field.type === 'several-choices') values[name] = all.map((value) => value.slice(0, 200)).slice(0, 100);
    else if (all.length > 0) values[name] = all[0].slice(0, 4000);
  }
  return values;
}

/** Parses what a form sent for `fields`: the values by key, or the first message per input name. */
export function parseCustomValues(
  sent: Record<string, string | string[]>,
  fields: readonly CustomFieldDefinition[],
):
  { values: Record<string, CustomFieldValue | null>; errors: null } | { values: null; errors: Record<string, string> } {
  const parsed = customValuesSchema(fields).safeParse(sent);
  if (parsed.success) return { values: parsed.data, errors: null };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? 'form');
    errors[name] ??= issue.message;
  }
  return { values: null, errors };
}

/** The key HR gives a new field: lower case, digits and underscores, starting with a letter; never changed after. */
export const FIELD_KEY = /^[a-z][a-z0-9_]{1,39}$/;

const definitionText = (label: string, max: number, options: { multiLine?: boolean } = {}) =>
  refuseControlCharacters(
    z
      .string({ required_error: `${label} is required` })
      .trim()
      .max(max, `${label} must be at most ${max} characters`),
    label,
    options,
  );
const requiredText = (label: string, max: number) => definitionText(label, max).min(1, `${label} is required`);
const optionalText = (label: string, max: number, options: { multiLine?: boolean } = {}) =>
  definitionText(label, max, options)
    .optional()
    .transform((value) => (value ? value : null));

/** A ticked checkbox sends `on`; an unticked one sends nothing. Anything else counts as unticked. */
const checkbox = z
  .string()
  .optional()
  .transform((value) => value === 'on' || value === 'true');

/** What HR may edit on a field (its key and type never change: values depend on them). */
export const fieldSettingsSchema = z
  .object({
    label: requiredText('Label', 80),
    helpText: optionalText('Help text', 300, { multiLine: true }),
    visibility: z.enum(FIELD_VISIBILITIES, { errorMap: () => ({ message: 'Choose who may see the field' }) }),
    editableBy: z.enum(FIELD_EDITORS, { errorMap: () => ({ message: 'Choose who may change the field' }) }),
    required: checkbox,
    needsApproval: checkbox,
    searchable: checkbox,
    facet: checkbox,
    section: optionalText('Section', 80),
  })
  .superRefine((settings, ctx) => {
    if ((settings.searchable || settings.facet) && settings.visibility !== 'everyone') {
      ctx.addIssue({
        code: 'custom',
        path: ['visibility'],
        message: 'Only a field everyone may see can be searchable or a facet in the directory',
      });
    }
    // The person could never see what they typed: a field they change must be one they may read.
    if (
      settings.editableBy === 'person' &&
      (settings.visibility === 'hr' || settings.visibility === 'manager-chain-and-hr')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['editableBy'],
        message: 'The person may change only a field they may see: choose HR only, or a wider visibility',
      });
    }
    // HR's own changes never wait: approval is about what the person changes on /me.
    if (settings.needsApproval && settings.editableBy !== 'person') {
      ctx.addIssue({
        code: 'custom',
        // Shown beside "Who may change it", the setting to change.
        path: ['editableBy'],
        message: 'Only a change by the person can wait for HR’s approval: choose “The person” under who may change it',
      });
    }
  });

export const newFieldSchema = z
  .object({
    key: z
      .string({ required_error: 'Key is required' })
      .trim()
      .regex(FIELD_KEY, 'Key: 2 to 40 lower-case letters, digits or underscores, starting with a letter'),
    type: z.enum(CUSTOM_FIELD_TYPES, { errorMap: () => ({ message: 'Choose a type' }) }),
    options: z
      .string()
      .max(5000, 'Options: too long')
      .optional()
      .transform((value) =>
        (value ?? '')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
      ),
  })
  .and(fieldSettingsSchema)
  .superRefine((field, ctx) => {
    if (isChoiceType(field.type) && field.options.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'List at least one option, one per line' });
    }
    if (field.options.length > MAX_OPTIONS) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: `List at most ${MAX_OPTIONS} options` });
    }
    if (field.options.some((option) => option.length > 100 || /[\u0000-\u001f\u007f]/.test(option))) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'Each option: at most 100 characters, no control characters',
      });
    }
  });

export const optionLabelSchema = requiredText('Option', 100);

/** An option's stored value from its label: stable afterwards, whatever the label becomes. */
export function optionValueOf(label: string, taken: readonly string[]): string {
  const base =
    label
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'option';
  let value = base;
  for (let n = 2; taken.includes(value); n += 1) value = `${base}-${n}`;
  return value;
}

/** The first message per field of a failed parse, by the path's first element. */
export function messagesByField(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return errors;
}
