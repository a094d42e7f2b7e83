/**
 * The person's side of HR's approval of changes to fields HR defines (docs/decisions/323-field-change-approval.md):
 * on /me, a changed value of a field marked "changes wait for HR's approval" is not written to the profile but kept
 * as the person's one waiting change to that field (a new change replaces it); /me shows it beside the field, and
 * HR's decisions of the last days.
 */
import {
  customFieldInputName,
  displayValue,
  parseStoredValues,
  type CustomFieldDefinition,
  type CustomFieldValue,
} from '~/models/custom-fields';
import { listChangesOf, savePendingChange, type ChangeOutcome } from '~/models/field-change-requests.server';
import type { Platform } from '~/platform.server';

export interface WaitingChange {
  field: CustomFieldDefinition;
  oldValue: CustomFieldValue | null;
  newValue: CustomFieldValue | null;
}

const same = (a: CustomFieldValue | null | undefined, b: CustomFieldValue | null | undefined) =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Splits the values a form sent into those written at once and the changes that wait for HR. A value equal to the
 * stored one is no change: the form shows the stored value, so saving another field leaves a waiting change alone.
 */
export function splitChangesForApproval(
  fields: readonly CustomFieldDefinition[],
  stored: string | null,
  sent: Record<string, CustomFieldValue | null>,
): { direct: Record<string, CustomFieldValue | null>; waiting: WaitingChange[] } {
  const current = parseStoredValues(stored);
  const direct: Record<string, CustomFieldValue | null> = {};
  const waiting: WaitingChange[] = [];
  for (const [key, value] of Object.entries(sent)) {
    const field = fields.find((candidate) => candidate.key === key);
    if (!field?.needsApproval) {
      direct[key] = value;
      continue;
    }
    if (!same(current[key], value)) waiting.push({ field, oldValue: current[key] ?? null, newValue: value });
  }
  return { direct, waiting };
}

/** Keeps each change as the person's waiting change to that field, in one transaction. */
export async function askForFieldChanges(
  platform: Platform,
  employeeId: string,
  waiting: readonly WaitingChange[],
): Promise<void> {
  if (waiting.length === 0) return;
  await platform.db.sequelize.transaction(async (transaction) => {
    for (const change of waiting) {
      await savePendingChange(
        platform.db,
        { employeeId, fieldKey: change.field.key, oldValue: change.oldValue, newValue: change.newValue },
        transaction,
      );
    }
  });
}

/** How long /me shows HR's decisions on the person's changes. */
const DECISIONS_SHOWN_FOR_MS = 30 * 24 * 3_600_000;

export interface MyFieldChanges {
  /** The value each waiting change asks for, as shown, by input name. */
  waiting: Record<string, string>;
  decisions: Array<{
    id: string;
    label: string;
    outcome: Exclude<ChangeOutcome, 'closed'>;
    reason: string | null;
    decidedAt: string;
  }>;
}

/** The person's waiting changes and HR's recent decisions on fields still in force, for /me. */
export async function loadMyFieldChanges(
  platform: Platform,
  employeeId: string,
  fields: readonly CustomFieldDefinition[],
  now = Date.now(),
): Promise<MyFieldChanges> {
  const result: MyFieldChanges = { waiting: {}, decisions: [] };
  for (const change of await listChangesOf(platform.db, employeeId)) {
    const field = fields.find((candidate) => candidate.key === change.fieldKey);
    if (!field) continue;
    if (!change.decidedAt) {
      result.waiting[customFieldInputName(field.key)] = displayValue(field, change.newValue ?? undefined) || '(empty)';
    } else if (
      (change.outcome === 'approved' || change.outcome === 'refused') &&
      now - change.decidedAt.getTime() < DECISIONS_SHOWN_FOR_MS
    ) {
      result.decisions.push({
        id: change.id,
        label: field.label,
        outcome: change.outcome,
        reason: change.outcome === 'refused' ? change.reason : null,
        decidedAt: change.decidedAt.toISOString(),
      });
    }
  }
  return result;
}
