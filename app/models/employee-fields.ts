/**
 * The employee's fields as a form or an import row gives them: one zod schema, used by the server actions,
 * the CSV import and the seed, and safe to import in the browser (no server dependencies).
 */
import { z } from 'zod';
import { refuseControlCharacters } from '~/utils/control-characters';

/** `required`: the message for a field left out of the post altogether (zod would say only "Required"). */
const trimmed = (max: number, required?: string) =>
  z
    .string(required ? { required_error: required } : undefined)
    .trim()
    .max(max, `must be at most ${max} characters`);
/** Text typed in a form field: trimmed, at most `max` long, no control characters (app/utils/control-characters.ts). */
const text = (label: string, max: number, required?: string, options: { multiLine?: boolean } = {}) =>
  refuseControlCharacters(trimmed(max, required), label, options);
const optionalText = (label: string, max: number, options: { multiLine?: boolean } = {}) =>
  text(label, max, undefined, options)
    .optional()
    .transform((value) => (value ? value : null));

/** The field's own rule first (its message says what is allowed), then the one for control characters. */
const phone = (label: string) =>
  refuseControlCharacters(
    z
      .string()
      .trim()
      .max(40)
      .regex(/^[+()0-9 .\-x]*$/, 'may contain only digits, spaces and + ( ) - . x'),
    label,
  )
    .optional()
    .transform((value) => (value ? value : null));

const email = (label: string, required?: string) =>
  refuseControlCharacters(
    z
      .string(required ? { required_error: required } : undefined)
      .trim()
      .toLowerCase()
      .email('Enter a valid email address')
      .max(254, 'must be at most 254 characters'),
    label,
  );

/**
 * Names are shown everywhere: letters, marks, spaces, apostrophes, hyphens and dots are allowed; no markup. A
 * name starts with a letter: a leading combining mark has nothing to sit on (the hostile-input suite sent one).
 */
const personName = (label: string) =>
  refuseControlCharacters(
    trimmed(100, `${label} is required`)
      .min(1, `${label} is required`)
      .regex(/^\p{L}[\p{L}\p{M}' .\-]*$/u, `${label} may contain letters, spaces, apostrophes, hyphens and dots`),
    label,
  );

export const MAX_SKILLS = 12;
export const MAX_SKILL_LENGTH = 32;

/** One tag as stored and indexed: Unicode-composed, lower case, single spaces ("Machine  Learning" -> "machine learning"). */
export function normaliseSkill(skill: string): string {
  return skill.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Skills: a short list of short tags, typed as one comma-separated field (or given as a list by the seed).
 * Normalised and de-duplicated; letters, digits, spaces and + # . - / only, so "c++", "c#", "node.js" and
 * "ci/cd" work and nothing else (no commas: they separate tags in storage too).
 */
export const skillsSchema = z
  .union([z.string().max(1000, 'Skills: too long'), z.array(z.string().max(200))])
  .optional()
  .transform((value) => {
    const list = typeof value === 'string' ? value.split(',') : (value ?? []);
    return [...new Set(list.map(normaliseSkill).filter(Boolean))];
  })
  .superRefine((skills, ctx) => {
    if (skills.length > MAX_SKILLS) {
      ctx.addIssue({ code: 'custom', message: `List at most ${MAX_SKILLS} skills.` });
    }
    const tooLong = skills.find((skill) => skill.length > MAX_SKILL_LENGTH);
    if (tooLong) {
      ctx.addIssue({ code: 'custom', message: `Keep each skill under ${MAX_SKILL_LENGTH + 1} characters.` });
    }
    const odd = skills.find((skill) => !/^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} +#./-]*$/u.test(skill));
    if (odd) {
      ctx.addIssue({
        code: 'custom',
        message: 'Skills may contain letters, digits, spaces and + # . / - only, separated by commas.',
      });
    }
  });

export const employeeFieldsSchema = z.object({
  firstName: personName('First name'),
  lastName: personName('Last name'),
  preferredName: z
    .union([personName('Preferred name'), z.literal('')])
    .optional()
    .transform((value) => (value ? value : null)),
  workEmail: email('Work email', 'Enter a valid email address'),
  workPhone: phone('Work phone'),
  jobTitle: text('Job title', 120, 'Job title is required').min(1, 'Job title is required'),
  department: text('Department', 80, 'Department is required').min(1, 'Department is required'),
  managerId: z
    .union([z.string().uuid('Pick a manager from the list'), z.literal('')])
    .optional()
    .transform((value) => (value ? value : null)),
  officeLocation: optionalText('Office', 120),
  startDate: z
    .union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the date format YYYY-MM-DD'), z.literal('')])
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || !Number.isNaN(Date.parse(value)), 'Enter a real date'),
  bio: optionalText('Short bio', 2000, { multiLine: true }),
  skills: skillsSchema,
  personalEmail: z
    .union([email('Personal email'), z.literal('')])
    .optional()
    .transform((value) => (value ? value : null)),
  personalPhone: phone('Personal phone'),
  emergencyContactName: optionalText('Emergency contact name', 200),
  emergencyContactPhone: phone('Emergency contact phone'),
});

export type EmployeeFields = z.output<typeof employeeFieldsSchema>;
export type EmployeeFieldsInput = z.input<typeof employeeFieldsSchema>;

/** The profile's public fields named the same wherever they are listed, split where the manager goes. */
const NAMED_BEFORE_MANAGER = [
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'workPhone',
  'jobTitle',
  'department',
] as const;
const NAMED_AFTER_MANAGER = ['officeLocation', 'startDate', 'bio', 'skills'] as const;

/**
 * The profile's public fields in the order every list of columns uses: the forms, the CSV import and export
 * (PROFILE_FIELD_NAMES) and the public projection (app/models/employee-projection.server.ts).
 */
export const PUBLIC_FIELDS = [...NAMED_BEFORE_MANAGER, 'managerId', ...NAMED_AFTER_MANAGER] as const;

/**
 * The private fields' columns, as the forms and queries list them. Who may read them is the field definitions'
 * (app/models/field-definitions.ts: the person and HR), checked to agree by app/models/field-definitions.test.ts.
 */
export const PRIVATE_FIELDS = [
  'personalEmail',
  'personalPhone',
  'emergencyContactName',
  'emergencyContactPhone',
] as const;

/**
 * The profile's fields as forms, the CSV import and the CSV export name them. The manager goes by work email
 * (`managerEmail`), which a person can type without JavaScript; the server resolves it to managerId.
 */
export const PROFILE_FIELD_NAMES = [
  ...NAMED_BEFORE_MANAGER,
  'managerEmail',
  ...NAMED_AFTER_MANAGER,
  ...PRIVATE_FIELDS,
] as const;
