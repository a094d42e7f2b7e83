/**
 * HR's side of the approval of changes to fields HR defines (docs/decisions/323-field-change-approval.md): the
 * changes waiting, with the old and the new value as HR may see them (through the field gate), and HR's decision.
 * An approval re-checks the value against the field as defined now and writes it with `employee.updated` naming
 * `custom.<key>`; a refusal needs a reason. Either records `employee.field-change-decided` (ids only), from which
 * the person's notice is emailed; /me shows the decision too. Nobody decides on their own change.
 */
import { z } from 'zod';
import type { SessionUser } from '~/auth/user-session.server';
import {
  activeCustomFields,
  customFieldInputName,
  customValuesSchema,
  displayValue,
  parseStoredValues,
  type CustomFieldDefinition,
  type CustomFieldValue,
} from '~/models/custom-fields';
import { getDisplayNames, getEmployee, setCustomFieldValues } from '~/models/employee.server';
import {
  getFieldChangeRequest,
  listPendingChanges,
  markChangeDecided,
  type FieldChangeRequest,
} from '~/models/field-change-requests.server';
import type { Platform } from '~/platform.server';
import { refuseControlCharacters } from '~/utils/control-characters';
import { recordEvent } from './domain-events.server';
import { withActivity } from './employees.server';
import { HR_ADMIN, mayReadField } from './field-gate.server';
import { recordPrivateDetailView } from './private-detail-views.server';

export interface ChangeForHr {
  fieldKey: string;
  id: string;
  employeeId: string;
  displayName: string;
  label: string;
  oldValue: string;
  newValue: string;
  requestedAt: string;
  /** HR's own change: another HR person decides on it. */
  own: boolean;
}

/** The changes waiting for HR, oldest first, each value shown as HR may see it. */
export async function listChangesForHr(platform: Platform, admin: Pick<SessionUser, 'id'>): Promise<ChangeForHr[]> {
  const pending = await listPendingChanges(platform.db);
  const names = await getDisplayNames(platform.db, [...new Set(pending.map((change) => change.employeeId))]);
  const fields = activeCustomFields(platform.customFields);
  return pending.flatMap((change) => {
    const field = fields.find((candidate) => candidate.key === change.fieldKey);
    // A field retired meanwhile has its changes closed; one HR may not read is not listed (none today: HR reads all).
    if (!field || !mayReadField(field, HR_ADMIN)) return [];
    return [
      {
        id: change.id,
        fieldKey: field.key,
        employeeId: change.employeeId,
        displayName: names.get(change.employeeId) ?? 'A former employee',
        label: field.label,
        oldValue: displayValue(field, change.oldValue ?? undefined),
        newValue: displayValue(field, change.newValue ?? undefined),
        requestedAt: change.requestedAt.toISOString(),
        own: change.employeeId === admin.id,
      },
    ];
  });
}

/**
 * HR's look at the values of restricted fields on the list goes in each person's view log (decision 320), as a
 * look at HR's employee page does: the fields named as the forms name them, never the values.
 */
export async function recordHrLookAtChanges(
  platform: Platform,
  admin: Pick<SessionUser, 'id'>,
  changes: readonly ChangeForHr[],
): Promise<void> {
  const restricted = new Set(
    platform.customFields.filter((field) => field.visibility !== 'everyone').map((field) => field.key),
  );
  const bySubject = new Map<string, string[]>();
  for (const change of changes) {
    if (!restricted.has(change.fieldKey)) continue;
    bySubject.set(change.employeeId, [
      ...(bySubject.get(change.employeeId) ?? []),
      customFieldInputName(change.fieldKey),
    ]);
  }
  for (const [subjectId, fields] of bySubject) {
    await recordPrivateDetailView(platform.db, { viewerId: admin.id, subjectId, place: 'field-changes', fields });
  }
}

const decisionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('approve'),
    id: z.string().uuid('This change no longer exists. Reload the page.'),
  }),
  z.object({
    intent: z.literal('refuse'),
    id: z.string().uuid('This change no longer exists. Reload the page.'),
    reason: refuseControlCharacters(
      z
        .string({ required_error: 'Give the reason for the refusal: the person reads it' })
        .trim()
        .min(1, 'Give the reason for the refusal: the person reads it')
        .max(500, 'Reason must be at most 500 characters'),
      'Reason',
      { multiLine: true },
    ),
  }),
]);

export type DecisionResult =
  | { ok: true; id: string; message: string }
  | { ok: false; id: string | null; status: 400 | 403 | 404 | 409; errors: { reason?: string; form?: string } };

/** Decides on one waiting change from HR's form; a refused form writes nothing. */
export async function decideFieldChange(
  platform: Platform,
  admin: Pick<SessionUser, 'id'>,
  form: Record<string, unknown>,
): Promise<DecisionResult> {
  const sentId = typeof form.id === 'string' ? form.id.slice(0, 64) : null;
  const parsed = decisionSchema.safeParse(form);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    if (field === 'intent') {
      return { ok: false, id: sentId, status: 400, errors: { form: 'Choose Approve or Refuse.' } };
    }
    return {
      ok: false,
      id: sentId,
      status: 400,
      errors: field === 'reason' ? { reason: issue.message } : { form: issue?.message ?? 'Please try again.' },
    };
  }
  const decision = parsed.data;
  const change = await getFieldChangeRequest(platform.db, decision.id);
  if (!change) return { ok: false, id: decision.id, status: 404, errors: { form: 'This change no longer exists.' } };
  if (change.employeeId === admin.id) {
    return {
      ok: false,
      id: change.id,
      status: 403,
      errors: { form: 'You cannot decide on a change to your own profile: another HR person does.' },
    };
  }
  if (change.decidedAt) return alreadyDecided(change.id);
  const field = activeCustomFields(platform.customFields).find((candidate) => candidate.key === change.fieldKey);

  if (decision.intent === 'refuse') {
    const done = await platform.db.sequelize.transaction(async (transaction) => {
      const marked = await markChangeDecided(
        platform.db,
        { id: change.id, decidedBy: admin.id, outcome: 'refused', reason: decision.reason },
        transaction,
      );
      if (!marked) return false;
      await recordDecided(platform, admin.id, change, 'refused', transaction);
      return true;
    });
    if (!done) return alreadyDecided(change.id);
    return {
      ok: true,
      id: change.id,
      message: `Change to “${field?.label ?? change.fieldKey}” refused; the person is told.`,
    };
  }

  const before = await getEmployee(platform.db, change.employeeId, 'private');
  if (!before) return { ok: false, id: change.id, status: 404, errors: { form: 'This person no longer exists.' } };
  const checked = checkStillApplicable(field, change, parseStoredValues(before.customFields)[change.fieldKey]);
  if (!checked.ok) return { ok: false, id: change.id, status: 409, errors: { form: checked.problem } };
  const { value } = checked;
  const activity = {
    employeeId: change.employeeId,
    actorId: admin.id,
    action: 'profile.updated',
    changedFields: [customFieldInputName(change.fieldKey)],
  };
  const done = await withActivity(platform, activity, () =>
    platform.db.sequelize.transaction(async (transaction) => {
      const decided = { id: change.id, decidedBy: admin.id, outcome: 'approved' as const, reason: null };
      if (!(await markChangeDecided(platform.db, decided, transaction))) return false;
      const employee = await getEmployee(platform.db, change.employeeId, 'private', { transaction });
      if (!employee) return false;
      const values = parseStoredValues(employee.customFields);
      const changed = JSON.stringify(values[change.fieldKey] ?? null) !== JSON.stringify(value ?? null);
      if (value === null) delete values[change.fieldKey];
      else values[change.fieldKey] = value;
      if (changed) {
        const json = Object.keys(values).length > 0 ? JSON.stringify(values) : null;
        await setCustomFieldValues(platform.db, change.employeeId, json, { transaction });
        await recordEvent(
          platform.db,
          {
            type: 'employee.updated',
            version: 1,
            employeeId: change.employeeId,
            actorId: admin.id,
            changedFields: [customFieldInputName(change.fieldKey)],
          },
          { transaction },
        );
      }
      await recordDecided(platform, admin.id, change, 'approved', transaction);
      return true;
    }),
  );
  if (!done) return alreadyDecided(change.id);
  return { ok: true, id: change.id, message: `Change to “${checked.label}” approved and saved; the person is told.` };
}

function alreadyDecided(id: string): DecisionResult {
  return { ok: false, id, status: 409, errors: { form: 'This change was decided already. Reload the page.' } };
}

/**
 * The value asked for, checked again against the field as defined now, or why it can no longer be applied (the
 * field retired, or the value no longer valid: an option retired, the field made required since).
 */
function checkStillApplicable(
  field: CustomFieldDefinition | undefined,
  change: FieldChangeRequest,
  held: CustomFieldValue | undefined,
): { ok: true; label: string; value: CustomFieldValue | null } | { ok: false; problem: string } {
  if (!field) {
    return { ok: false, problem: 'This field was retired: the change cannot be applied. Refuse it with a reason.' };
  }
  const name = customFieldInputName(field.key);
  // A retired option stays valid only for those who hold it already (as on /me), not for one only asked for.
  const heldOptions = new Set(held === undefined ? [] : Array.isArray(held) ? held : [held]);
  const offered = field.options.filter((option) => !option.retired || heldOptions.has(option.value));
  const parsed = customValuesSchema([{ ...field, options: offered }]).safeParse({
    [name]: change.newValue ?? undefined,
  });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'see the field';
    return {
      ok: false,
      problem: `The value asked for is no longer valid (${message}): it cannot be applied. Refuse it with a reason.`,
    };
  }
  return { ok: true, label: field.label, value: parsed.data[field.key] ?? null };
}

async function recordDecided(
  platform: Platform,
  actorId: string,
  change: FieldChangeRequest,
  outcome: 'approved' | 'refused',
  transaction: Parameters<typeof markChangeDecided>[2],
): Promise<void> {
  await recordEvent(
    platform.db,
    {
      type: 'employee.field-change-decided',
      version: 1,
      employeeId: change.employeeId,
      actorId,
      requestId: change.id,
      field: customFieldInputName(change.fieldKey),
      outcome,
    },
    { transaction },
  );
}
