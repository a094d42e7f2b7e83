/**
 * One employee as a row of named text values (a CSV import row today; a provisioning API's user tomorrow)
 * mapped to the fields createEmployees takes, or to the reasons it cannot be. Only what the row itself says is
 * checked here; the caller checks it against everything else (the allowed email domains, other rows, the
 * database) and resolves the manager, who is named by work email.
 */
import { employeeFieldsSchema, type EmployeeFields } from '~/models/employee-fields';
import {
  customFieldInputName,
  formValueFromCell,
  parseCustomValues,
  type CustomFieldDefinition,
  type CustomFieldValue,
} from '~/models/custom-fields';

/** What a row may name besides the profile fields (app/routes/admin/import-columns.ts lists them all). */
export interface EmployeeRowValues extends Partial<Record<string, string>> {
  employeeNumber?: string;
  managerEmail?: string;
  status?: string;
  role?: string;
}

export interface MappedEmployeeRow {
  /** managerId is null: the manager comes by `managerEmail`, which the caller resolves. */
  fields: EmployeeFields;
  employeeNumber: string | undefined;
  status: 'active' | 'pending';
  role: 'employee' | 'admin';
  /** Lower-cased, or null for no manager. */
  managerEmail: string | null;
}

export type EmployeeRowMapping =
  | { ok: true; row: MappedEmployeeRow }
  /** Each error is "<field>: <what is wrong>", every problem of the row at once. */
  | { ok: false; errors: string[] };

export function mapEmployeeRow(values: EmployeeRowValues): EmployeeRowMapping {
  const errors: string[] = [];
  const parsed = employeeFieldsSchema.safeParse({ ...values, managerId: '' });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push(`${String(issue.path[0])}: ${issue.message}`);
  }
  const employeeNumber = values.employeeNumber || undefined;
  if (employeeNumber && !/^[A-Za-z0-9-]{1,32}$/.test(employeeNumber))
    errors.push('employeeNumber: letters, digits and hyphens, at most 32');
  const status = values.status || 'active';
  if (status !== 'active' && status !== 'pending') errors.push('status: must be active or pending');
  const role = values.role || 'employee';
  if (role !== 'employee' && role !== 'admin') errors.push('role: must be employee or admin');
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    row: {
      fields: parsed.data,
      employeeNumber,
      status: status as 'active' | 'pending',
      role: role as 'employee' | 'admin',
      managerEmail: values.managerEmail ? values.managerEmail.toLowerCase() : null,
    },
  };
}

/**
 * One row's values for `fields`, or its problems as "<label>: <message>", the message being the one the profile
 * form shows for that value.
 */
export function parseRowCustomValues(
  record: Readonly<Record<string, string>>,
  fields: readonly CustomFieldDefinition[],
): { values: Record<string, CustomFieldValue | null>; errors: string[] } {
  const sent: Record<string, string | string[]> = {};
  for (const field of fields) {
    const name = customFieldInputName(field.key);
    sent[name] = formValueFromCell(field, record[name] ?? '');
  }
  const parsed = parseCustomValues(sent, fields);
  if (parsed.values) return { values: parsed.values, errors: [] };
  const errors = fields.flatMap((field) => {
    const message = parsed.errors[customFieldInputName(field.key)];
    return message ? [`${field.label}: ${message}`] : [];
  });
  return { values: {}, errors };
}
