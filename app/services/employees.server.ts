/**
 * Creating and changing employees across the three stores. The relational row is the source of truth and
 * the only thing that makes an employee visible, so it is committed last:
 *
 *   1. photo record (DynamoDB)  2. original (S3)  3. activity entry (DynamoDB)
 *   4. one SQL transaction: employee row + its domain event in the outbox (+ the caller's rows, e.g. credentials)
 *
 * A failure at step N undoes steps N-1..1 before the error reaches the caller. If an undo itself fails, what
 * is left is invisible (no employee row points at it) and the orphan sweep removes it later
 * (app/services/orphan-sweep.server.ts). See docs/decisions/001-write-order-across-stores.md.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import type { EmployeeFields } from '~/models/employee-fields';
import { customFieldInputName, parseStoredValues, storedValuesOf, type CustomFieldValue } from '~/models/custom-fields';
import { setPendingPhoto } from '~/models/employee-photo-slot.server';
import { type PrivateEmployee } from '~/models/employee-projection.server';
import {
  getEmployee,
  insertEmployee,
  setEmployeeRole,
  setEmployeeStatus,
  updateEmployeeFields,
} from '~/models/employee.server';
import type { EmployeeRole, EmployeeStatus } from '~/db/schema.server';
import { endResetTokens } from '~/models/password-reset-tokens.server';
import { appendActivity, deleteActivity, getProfileExtras, putProfileExtras } from '~/models/metadata.server';
import type { ActivityEntry, ProfileExtras } from '@shared/contracts/metadata-items';
import type { StatusChange } from '@shared/contracts/employee-events';
import { recordEvent } from './domain-events.server';
import {
  faceCheckPolicyFor,
  faceCheckPolicyOf,
  recordFaceCheckAnswer,
  type FaceCheckAnswer,
} from './face-check-consent.server';
import { deletePhoto, storeOriginal, type StoredPhoto } from './photo-storage.server';
import type { StagedPhoto } from './photo-upload.server';
import { findOpenErasure } from '~/models/erasures.server';
import { assertNoManagerCycle, MANAGER_CHANGE_TRANSACTION } from './manager-graph.server';

export const SYSTEM_ACTOR = 'system';

export class EmployeeNotFoundError extends Error {
  constructor(readonly employeeId: string) {
    super('No such employee');
    this.name = 'EmployeeNotFoundError';
  }
}

/** A status change asked for while the person is being erased (docs/decisions/020-erasure-as-a-durable-job.md). */
export class ErasureUnderWayError extends Error {
  constructor(readonly employeeId: string) {
    super('This profile is being erased: it cannot be reactivated or activated.');
    this.name = 'ErasureUnderWayError';
  }
}

function removeActivity(platform: Platform, entry: ActivityEntry): Promise<void> {
  return deleteActivity(metadataTable(platform), entry);
}

/** Runs the undo steps newest first; an undo that fails is logged and left to the orphan sweep. */
async function undo(platform: Platform, steps: Array<() => Promise<void>>, context: Record<string, unknown>) {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (error) {
      platform.log.warn('undo step failed; the orphan sweep will finish it', { ...context, error });
    }
  }
}

export interface CreateEmployeeInput {
  fields: EmployeeFields;
  /** The values of the fields HR defines, already checked (null: not given); written with the row. */
  customValues?: Record<string, CustomFieldValue | null>;
  /** Set by the CSV import, which links rows of one file to their managers before anything is written. */
  id?: string;
  status?: EmployeeStatus;
  role?: EmployeeRole;
  employeeNumber?: string;
  photo?: StagedPhoto | null;
  actorId?: string;
  /** How the profile came in, carried by the `employee.created` event: self-registration unless said. */
  source?: EmployeeCreatedSource;
  /**
   * The person's answer to the face-check notice on the form that created the profile (join, SSO onboarding):
   * recorded with the employee, and the only way their photo is checked (docs/decisions/206-face-check-consent.md).
   */
  faceCheckAnswer?: { answer: FaceCheckAnswer; place: 'join' | 'sso-onboarding' } | null;
  /** Extra writes that must commit with the employee (e.g. the sign-in credentials). */
  inTransaction?: (transaction: Transaction, employee: PrivateEmployee) => Promise<void>;
}

type EmployeeCreatedSource = 'join' | 'admin' | 'import' | 'seed' | 'scim';

/** What the activity log says of a profile that came in another way than a form. */
const CREATED_NOTES: Partial<Record<EmployeeCreatedSource, string>> = {
  import: 'CSV import',
  scim: 'provisioned by the identity provider',
};

/** Which of several employees created together could not be written, and why (the CSV import names the row). */
export class EmployeeBatchError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'EmployeeBatchError';
  }
}

export async function createEmployee(platform: Platform, input: CreateEmployeeInput): Promise<PrivateEmployee> {
  try {
    const [employee] = await createEmployees(platform, [input]);
    return employee;
  } catch (error) {
    throw error instanceof EmployeeBatchError ? error.cause : error;
  }
}

/**
 * Creates several employees all or nothing: photos and activity entries first, then every row and its
 * `employee.created` event in one transaction, in the order given (managers before their reports).
 */
export async function createEmployees(platform: Platform, inputs: CreateEmployeeInput[]): Promise<PrivateEmployee[]> {
  const undoSteps: Array<() => Promise<void>> = [];
  const prepared = inputs.map((input) => ({
    input,
    employeeId: input.id ?? randomUUID(),
    stored: null as StoredPhoto | null,
  }));
  try {
    for (const item of prepared) {
      const { input, employeeId } = item;
      if (input.photo) {
        // The local demo seed's pictures are drawings, never checked and shown to HR as such (decision 205).
        // Anyone else's photo is checked only with their consent, recorded below with the profile (decision 206).
        const stored = await storeOriginal(platform, employeeId, input.photo, {
          faceCheckPolicy:
            input.source === 'seed'
              ? 'demo-not-checked'
              : faceCheckPolicyFor(
                  input.faceCheckAnswer
                    ? { choice: input.faceCheckAnswer.answer, noticeVersion: platform.env.FACE_CHECK_NOTICE_VERSION }
                    : null,
                  platform.env.FACE_CHECK_NOTICE_VERSION,
                ),
        });
        item.stored = stored;
        undoSteps.push(() => deletePhoto(platform, stored));
      }
      const activity = await appendActivity(metadataTable(platform), {
        employeeId,
        actorId: input.actorId ?? employeeId,
        action: 'employee.created',
        note: CREATED_NOTES[input.source ?? 'join'] ?? (input.photo ? 'with a photo' : undefined),
      });
      undoSteps.push(() => removeActivity(platform, activity));
    }

    return await platform.db.sequelize.transaction(async (transaction) => {
      const created: PrivateEmployee[] = [];
      for (const [index, { input, employeeId, stored }] of prepared.entries()) {
        try {
          const employee = await insertEmployee(
            platform.db,
            {
              ...input.fields,
              customFields: storedValuesOf(input.customValues ?? {}),
              id: employeeId,
              employeeNumber: input.employeeNumber,
              status: input.status,
              role: input.role,
              pendingPhotoId: stored?.photoId ?? null,
            },
            { transaction },
          );
          await recordEvent(
            platform.db,
            {
              type: 'employee.created',
              version: 2,
              employeeId,
              actorId: input.actorId ?? employeeId,
              source: input.source ?? 'join',
              employee: { status: employee.status, role: employee.role },
              photoId: stored?.photoId ?? null,
            },
            { transaction },
          );
          if (input.faceCheckAnswer) {
            await recordFaceCheckAnswer(
              platform,
              { employeeId, choice: input.faceCheckAnswer.answer, place: input.faceCheckAnswer.place },
              { transaction },
            );
          }
          // After the created event, so that events the caller's writes record (a linked identity) follow it.
          await input.inTransaction?.(transaction, employee);
          created.push(employee);
        } catch (error) {
          throw new EmployeeBatchError(index, error);
        }
      }
      return created;
    });
  } catch (error) {
    await undo(platform, undoSteps, { employeeIds: prepared.map((item) => item.employeeId), action: 'create' });
    throw error;
  } finally {
    await Promise.all(inputs.map((input) => input.photo?.discard()));
  }
}

/** Records an activity entry, then runs `work`; if the work fails, the entry is taken back. */
export async function withActivity<T>(
  platform: Platform,
  entry: Parameters<typeof appendActivity>[1],
  work: () => Promise<T>,
): Promise<T> {
  const activity = await appendActivity(metadataTable(platform), entry);
  try {
    return await work();
  } catch (error) {
    await undo(platform, [() => removeActivity(platform, activity)], {
      employeeId: entry.employeeId,
      action: entry.action,
    });
    throw error;
  }
}

function changedFields(before: PrivateEmployee, after: EmployeeFields): string[] {
  return (Object.keys(after) as Array<keyof EmployeeFields>).filter(
    // JSON: skills are a list, compared by value.
    (key) => JSON.stringify(before[key as keyof PrivateEmployee] ?? null) !== JSON.stringify(after[key] ?? null),
  );
}

/**
 * The values of the fields HR defines after a form set `sent` (null: cleared), and the keys that changed, named as
 * the events and the activity log name them (`custom.<key>`; never the values). Keys not sent keep their value.
 */
function mergeCustomValues(
  stored: string | null,
  sent: Record<string, CustomFieldValue | null>,
): { json: string | null; changed: string[] } {
  const values = parseStoredValues(stored);
  const changed: string[] = [];
  for (const [key, value] of Object.entries(sent)) {
    if (JSON.stringify(values[key] ?? null) === JSON.stringify(value)) continue;
    changed.push(customFieldInputName(key));
    if (value === null) delete values[key];
    else values[key] = value;
  }
  return { json: Object.keys(values).length > 0 ? JSON.stringify(values) : null, changed };
}

export async function updateEmployee(
  platform: Platform,
  actorId: string,
  employeeId: string,
  fields: EmployeeFields,
  customValues: Record<string, CustomFieldValue | null> = {},
): Promise<PrivateEmployee> {
  const before = await getEmployee(platform.db, employeeId, 'private');
  if (!before) throw new EmployeeNotFoundError(employeeId);
  const custom = mergeCustomValues(before.customFields, customValues);
  const changed = [...changedFields(before, fields), ...custom.changed];
  if (changed.length === 0) return before;
  // The activity entry holds at most 50 names (its contract); the event names every one.
  const activity = { employeeId, actorId, action: 'profile.updated', changedFields: changed.slice(0, 50) };
  // A new manager is checked for a loop in the transaction that writes it (docs/decisions/024-manager-loops-refused-where-written.md).
  const newManagerId = fields.managerId && fields.managerId !== before.managerId ? fields.managerId : null;
  return withActivity(platform, activity, () =>
    platform.db.sequelize.transaction(newManagerId ? MANAGER_CHANGE_TRANSACTION : {}, async (transaction) => {
      if (newManagerId) await assertNoManagerCycle(platform.db, { employeeId, managerId: newManagerId }, transaction);
      const updated = await updateEmployeeFields(
        platform.db,
        employeeId,
        custom.changed.length > 0 ? { ...fields, customFields: custom.json } : fields,
        { transaction },
      );
      if (!updated) throw new EmployeeNotFoundError(employeeId);
      await recordEvent(
        platform.db,
        { type: 'employee.updated', version: 1, employeeId, actorId, changedFields: changed },
        { transaction },
      );
      return updated;
    }),
  );
}

/**
 * The profile extras (pronouns, time zone, skills, links) live in DynamoDB: written first, then the event
 * committed; if the event cannot be written, the previous extras are put back.
 */
export async function updateProfileExtras(
  platform: Platform,
  actorId: string,
  employeeId: string,
  extras: ProfileExtras,
): Promise<void> {
  const store = metadataTable(platform);
  const before = await getProfileExtras(store, employeeId);
  const changed = (Object.keys(extras) as Array<keyof ProfileExtras>).filter(
    (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(extras[key] ?? null),
  );
  await putProfileExtras(store, employeeId, extras);
  if (changed.length === 0) return;
  try {
    await recordEvent(platform.db, {
      type: 'employee.updated',
      version: 1,
      employeeId,
      actorId,
      changedFields: changed,
    });
  } catch (error) {
    await undo(platform, [() => putProfileExtras(store, employeeId, before)], { employeeId, action: 'extras' });
    throw error;
  }
}

/**
 * Stores a new photo as the pending one. The current photo stays on the profile until the new one is ready
 * (the photo watcher, app/services/photo-watcher.server.ts, promotes it and deletes the old one).
 */
export async function replacePhoto(
  platform: Platform,
  actorId: string,
  employeeId: string,
  photo: StagedPhoto,
): Promise<StoredPhoto> {
  try {
    const before = await getEmployee(platform.db, employeeId, 'private');
    if (!before) throw new EmployeeNotFoundError(employeeId);
    // Checked only if the person consented under the current notice (recorded before this call, decision 206).
    const stored = await storeOriginal(platform, employeeId, photo, {
      faceCheckPolicy: await faceCheckPolicyOf(platform, employeeId),
    });
    try {
      await withActivity(platform, { employeeId, actorId, action: 'photo.replaced' }, () =>
        platform.db.sequelize.transaction(async (transaction) => {
          await setPendingPhoto(platform.db, employeeId, stored.photoId, { transaction });
          await recordEvent(
            platform.db,
            { type: 'employee.photo-uploaded', version: 1, employeeId, actorId, photoId: stored.photoId },
            { transaction },
          );
        }),
      );
    } catch (error) {
      await undo(platform, [() => deletePhoto(platform, stored)], { employeeId, action: 'replace-photo' });
      throw error;
    }
    // An earlier upload that never became ready is superseded: remove it now rather than at the sweep.
    for (const supersededId of [before.pendingPhotoId, before.failedPhotoId]) {
      if (!supersededId) continue;
      await deletePhoto(platform, { employeeId, photoId: supersededId }).catch((error: unknown) =>
        platform.log.warn('superseded photo left for the orphan sweep', { employeeId, error }),
      );
    }
    return stored;
  } finally {
    await photo.discard();
  }
}

const STATUS_ACTIONS: Record<StatusChange, string> = {
  activated: 'employee.activated',
  rejected: 'employee.rejected',
  deactivated: 'employee.deactivated',
  reactivated: 'employee.reactivated',
};

async function changeStatus(
  platform: Platform,
  actorId: string,
  employeeId: string,
  status: EmployeeStatus,
  change: StatusChange,
  reason: string | null,
): Promise<void> {
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (!employee) throw new EmployeeNotFoundError(employeeId);
  // Once an erasure is asked for it runs to the end: bringing the profile back would leave half of it erased.
  if (status !== 'inactive' && (await findOpenErasure(platform.db, employeeId))) {
    throw new ErasureUnderWayError(employeeId);
  }
  await withActivity(
    platform,
    { employeeId, actorId, action: STATUS_ACTIONS[change], changedFields: ['status'], note: reason ?? undefined },
    () =>
      platform.db.sequelize.transaction(async (transaction) => {
        await setEmployeeStatus(platform.db, employeeId, status, reason, { transaction, change });
        // A closed account keeps no way back in: a reset link asked for before must not work after a reactivation.
        if (status === 'inactive') await endResetTokens(platform.db, employeeId, { transaction });
        await recordEvent(
          platform.db,
          {
            type: 'employee.status-changed',
            version: 2,
            employeeId,
            actorId,
            change,
            from: employee.status,
            to: status,
          },
          { transaction },
        );
      }),
  );
}

export function activateEmployee(platform: Platform, actorId: string, employeeId: string) {
  return changeStatus(platform, actorId, employeeId, 'active', 'activated', null);
}

export function rejectEmployee(platform: Platform, actorId: string, employeeId: string, reason: string) {
  return changeStatus(platform, actorId, employeeId, 'inactive', 'rejected', reason);
}

export function deactivateEmployee(platform: Platform, actorId: string, employeeId: string, reason: string | null) {
  return changeStatus(platform, actorId, employeeId, 'inactive', 'deactivated', reason);
}

export function reactivateEmployee(platform: Platform, actorId: string, employeeId: string) {
  return changeStatus(platform, actorId, employeeId, 'active', 'reactivated', null);
}

export async function changeEmployeeRole(platform: Platform, actorId: string, employeeId: string, role: EmployeeRole) {
  const employee = await getEmployee(platform.db, employeeId, 'public');
  if (!employee) throw new EmployeeNotFoundError(employeeId);
  if (employee.role === role) return;
  await withActivity(
    platform,
    { employeeId, actorId, action: 'role.changed', changedFields: ['role'], note: role },
    () =>
      platform.db.sequelize.transaction(async (transaction) => {
        await setEmployeeRole(platform.db, employeeId, role, { transaction });
        await recordEvent(
          platform.db,
          { type: 'employee.role-changed', version: 1, employeeId, actorId, from: employee.role, to: role },
          { transaction },
        );
      }),
  );
}
