/**
 * Reading the profile form (join, my profile, HR edit) into EmployeeFields: the one zod schema from
 * ~/models/employee-fields, plus what the schema cannot know: the allowed email domains, and the manager,
 * which must be an existing active employee who is not the employee themselves nor below them
 * (app/services/manager-graph.server.ts). The form names
 * the manager by a pick from the suggestions (`managerPick`, the id, while the field shows that person's
 * label) or by a typed work email (which works without JavaScript); the suggestions before sign-in carry no
 * emails (docs/decisions/305-pages-and-forms.md).
 */
import { z } from 'zod';
import { employeeFieldsSchema, PROFILE_FIELD_NAMES, type EmployeeFields } from '~/models/employee-fields';
import { getEmployee, getEmployeeByEmail } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { managerPickLabel, textShowsPick, type ManagerPickPerson } from '~/utils/manager-pick';
import { describeManagerLineProblem, findManagerLineProblem } from './manager-graph.server';
import { controlCharacterMessage, hasControlCharacters } from '~/utils/control-characters';

export { PROFILE_FIELD_NAMES };

export type ProfileFieldName = (typeof PROFILE_FIELD_NAMES)[number];
export type FieldErrors = Partial<Record<string, string>>;
/** The form's text as typed, plus the id of the manager picked from the suggestions (a hidden field). */
export type FormValues = Partial<Record<ProfileFieldName | 'managerPick', string>>;

const managerPickSchema = z.string().uuid();

export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const name of [...PROFILE_FIELD_NAMES, 'managerPick'] as const) {
    const value = formData.get(name);
    if (typeof value === 'string') values[name] = value.slice(0, 4000);
  }
  return values;
}

export function emailDomainAllowed(email: string, allowed: string[]): boolean {
  const domain = email.split('@').at(-1)?.toLowerCase() ?? '';
  return allowed.includes(domain);
}

export async function parseProfileForm(
  platform: Platform,
  values: FormValues,
  options: { employeeId?: string; fixedWorkEmail?: string },
): Promise<{ fields: EmployeeFields; errors: null } | { fields: null; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  let managerId = '';
  const managerText = values.managerEmail?.trim() ?? '';
  // Checked before the lookup: the rule every text field follows (a NUL reached SQLite here and answered 500).
  if (hasControlCharacters(managerText)) {
    errors.managerEmail = controlCharacterMessage('Manager');
  } else if (managerText) {
    const manager = await resolveManager(platform, managerText, values.managerPick);
    if (!manager || manager.status !== 'active') {
      errors.managerEmail = managerText.includes('@')
        ? 'No active employee has this work email. Pick a manager from the suggestions.'
        : 'Pick your manager from the suggestions as you type their name, or enter their work email.';
    } else if (options.employeeId && manager.id === options.employeeId) {
      errors.managerEmail = 'You cannot be your own manager.';
    } else {
      // Checked again, under a lock, where it is written (updateEmployee); here for a message beside the field.
      const change = { employeeId: options.employeeId ?? '', managerId: manager.id };
      const problem = options.employeeId ? await findManagerLineProblem(platform.db, change) : null;
      if (problem) errors.managerEmail = await describeManagerLineProblem(platform.db, change, problem);
      else managerId = manager.id;
    }
  }

  const parsed = employeeFieldsSchema.safeParse({
    ...values,
    workEmail: options.fixedWorkEmail ?? values.workEmail ?? '',
    managerId,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      errors[key === 'managerId' ? 'managerEmail' : key] ??= issue.message;
    }
  }
  if (
    parsed.success &&
    !options.fixedWorkEmail &&
    !emailDomainAllowed(parsed.data.workEmail, platform.env.ALLOWED_EMAIL_DOMAINS)
  ) {
    errors.workEmail = `Use your company email (${platform.env.ALLOWED_EMAIL_DOMAINS.map((domain) => `@${domain}`).join(' or ')}).`;
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { fields: null, errors };
  return { fields: parsed.data, errors: null };
}

/**
 * The manager the field names: the picked id while the text still shows that person's label, otherwise the
 * work email typed. A pick that is not a uuid, or names someone else, is ignored rather than an error: the
 * text decides.
 */
async function resolveManager(platform: Platform, text: string, pick: string | undefined) {
  const pickedId = managerPickSchema.safeParse(pick?.trim());
  if (pickedId.success) {
    const picked = await getEmployee(platform.db, pickedId.data, 'public');
    if (picked && textShowsPick(text, picked)) return picked;
  }
  return text.includes('@') ? getEmployeeByEmail(platform.db, text) : null;
}

/**
 * The form's starting values from a stored employee. The manager appears as a pick (label and id), never as a
 * work email: /me is also shown to pending accounts, who may not read colleagues' emails.
 */
export async function valuesFromEmployee(
  platform: Platform,
  employee: Record<string, unknown> & { managerId: string | null },
  // The manager as the caller has just read them (loadProfile's managerForForm): no second read.
  known: { manager?: (ManagerPickPerson & { id: string }) | null } = {},
): Promise<FormValues> {
  const manager =
    known.manager !== undefined
      ? known.manager
      : employee.managerId
        ? await getEmployee(platform.db, employee.managerId, 'public')
        : null;
  const values: FormValues = {};
  for (const name of PROFILE_FIELD_NAMES) {
    if (name === 'managerEmail') continue;
    const value = employee[name];
    values[name] = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);
  }
  values.managerEmail = manager ? managerPickLabel(manager) : '';
  values.managerPick = manager?.id ?? '';
  return values;
}
