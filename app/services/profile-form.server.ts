/**
 * Reading the profile form (join, my profile, HR edit) into EmployeeFields: the one zod schema from
 * ~/models/employee-fields, plus what the schema cannot know: the allowed email domains, and the manager,
 * which the form names by work email (so that it works without JavaScript) and which must be an existing
 * active employee who is not the employee themselves nor below them.
 */
import { employeeFieldsSchema, PROFILE_FIELD_NAMES, type EmployeeFields } from '~/models/employee-fields';
import { getEmployee, getEmployeeByEmail } from '~/models/employee.server';
import type { Platform } from '~/platform.server';

export { PROFILE_FIELD_NAMES };

export type ProfileFieldName = (typeof PROFILE_FIELD_NAMES)[number];
export type FieldErrors = Partial<Record<string, string>>;
export type FormValues = Partial<Record<ProfileFieldName, string>>;

export function formValues(formData: FormData): FormValues {
  const values: FormValues = {};
  for (const name of PROFILE_FIELD_NAMES) {
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
  const managerEmail = values.managerEmail?.trim() ?? '';
  if (managerEmail) {
    const manager = await getEmployeeByEmail(platform.db, managerEmail);
    if (!manager || manager.status !== 'active') {
      errors.managerEmail = 'No active employee has this work email. Pick a manager from the suggestions.';
    } else if (options.employeeId && manager.id === options.employeeId) {
      errors.managerEmail = 'You cannot be your own manager.';
    } else if (options.employeeId && (await isBelow(platform, manager.id, options.employeeId))) {
      errors.managerEmail = 'This person reports to this employee already; pick someone else.';
    } else {
      managerId = manager.id;
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

/** True when `candidateId` is somewhere below `employeeId` in the reporting line (a loop if made its manager). */
async function isBelow(platform: Platform, candidateId: string, employeeId: string): Promise<boolean> {
  let current: string | null = candidateId;
  for (let depth = 0; current && depth < 50; depth += 1) {
    const row: { managerId: string | null } | null = await getEmployee(platform.db, current, 'public');
    if (!row) return false;
    if (row.managerId === employeeId) return true;
    current = row.managerId;
  }
  return false;
}

/** The form's starting values from a stored employee (the manager as their work email). */
export async function valuesFromEmployee(
  platform: Platform,
  employee: Record<string, unknown> & { managerId: string | null },
): Promise<FormValues> {
  const manager = employee.managerId ? await getEmployee(platform.db, employee.managerId, 'public') : null;
  const values: FormValues = {};
  for (const name of PROFILE_FIELD_NAMES) {
    if (name === 'managerEmail') continue;
    const value = employee[name];
    values[name] = value === null || value === undefined ? '' : String(value);
  }
  values.managerEmail = manager?.workEmail ?? '';
  return values;
}
