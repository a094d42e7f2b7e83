/**
 * Creating and changing employees across the three stores. The relational row is the source of truth and
 * the only thing that makes an employee visible, so it is committed last:
 *
 *   1. photo record (DynamoDB)  2. original (S3)  3. activity entry (DynamoDB)
 *   4. one SQL transaction: employee row + notification outbox message (+ the caller's rows, e.g. credentials)
 *
 * A failure at step N undoes steps N-1..1 before the error reaches the caller. If an undo itself fails, what
 * is left is invisible (no employee row points at it) and the orphan sweep removes it later
 * (app/services/orphan-sweep.server.ts). See docs/decisions/001-write-order-across-stores.md.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'sequelize';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Platform } from '~/platform.server';
import type { EmployeeFields } from '~/models/employee-fields';
import {
  getEmployee,
  insertEmployee,
  setEmployeeRole,
  setEmployeeStatus,
  setPendingPhoto,
  updateEmployeeFields,
  type PrivateEmployee,
} from '~/models/employee.server';
import type { EmployeeRole, EmployeeStatus } from '~/models/schema.server';
import { appendActivity, type MetadataStore } from '~/models/metadata.server';
import { activitySk, employeePk } from '@shared/contracts/dynamo-keys';
import type { ActivityEntry } from '@shared/contracts/metadata-items';
import { enqueueNotification } from './notifications.server';
import { deletePhoto, storeOriginal, type StoredPhoto } from './photo-storage.server';
import type { StagedPhoto } from './photo-upload.server';

export function metadataStore(platform: Platform): MetadataStore {
  return { dynamo: platform.dynamo, tableName: platform.tableName };
}

export const SYSTEM_ACTOR = 'system';

export class EmployeeNotFoundError extends Error {
  constructor(readonly employeeId: string) {
    super('No such employee');
    this.name = 'EmployeeNotFoundError';
  }
}

async function removeActivity(platform: Platform, entry: ActivityEntry): Promise<void> {
  await platform.dynamo.send(
    new DeleteCommand({
      TableName: platform.tableName,
      Key: { pk: employeePk(entry.employeeId), sk: activitySk(entry.at, entry.eventId) },
    }),
  );
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
  status?: EmployeeStatus;
  role?: EmployeeRole;
  employeeNumber?: string;
  photo?: StagedPhoto | null;
  actorId?: string;
  /** Extra writes that must commit with the employee (e.g. the sign-in credentials). */
  inTransaction?: (transaction: Transaction, employee: PrivateEmployee) => Promise<void>;
  /** Notify subscribers of the new profile (the default); the CSV import and seed may batch instead. */
  notify?: boolean;
}

export async function createEmployee(platform: Platform, input: CreateEmployeeInput): Promise<PrivateEmployee> {
  const employeeId = randomUUID();
  const undoSteps: Array<() => Promise<void>> = [];
  let stored: StoredPhoto | null = null;
  try {
    if (input.photo) {
      stored = await storeOriginal(platform, employeeId, input.photo);
      const photo = stored;
      undoSteps.push(() => deletePhoto(platform, photo));
    }
    const activity = await appendActivity(metadataStore(platform), {
      employeeId,
      actorId: input.actorId ?? employeeId,
      action: 'employee.created',
      note: input.photo ? 'with a photo' : undefined,
    });
    undoSteps.push(() => removeActivity(platform, activity));

    return await platform.db.sequelize.transaction(async (transaction) => {
      const employee = await insertEmployee(
        platform.db,
        {
          ...input.fields,
          id: employeeId,
          employeeNumber: input.employeeNumber,
          status: input.status,
          role: input.role,
          pendingPhotoId: stored?.photoId ?? null,
        },
        { transaction },
      );
      await input.inTransaction?.(transaction, employee);
      if (input.notify !== false) {
        await enqueueNotification(
          platform.db,
          {
            type: 'employee.created',
            version: 1,
            messageId: randomUUID(),
            occurredAt: new Date().toISOString(),
            employee: {
              id: employee.id,
              employeeNumber: employee.employeeNumber,
              displayName: employee.displayName,
              workEmail: employee.workEmail,
              jobTitle: employee.jobTitle,
              department: employee.department,
              status: employee.status,
              profileUrl: platform.env.PUBLIC_URL ? `${platform.env.PUBLIC_URL}/employees/${employee.id}` : null,
            },
          },
          `New employee profile: ${employee.displayName} (${employee.department})`,
          { transaction },
        );
      }
      return employee;
    });
  } catch (error) {
    await undo(platform, undoSteps, { employeeId, action: 'create' });
    throw error;
  } finally {
    await input.photo?.discard();
  }
}

/** Records an activity entry, then runs `work`; if the work fails, the entry is taken back. */
async function withActivity<T>(
  platform: Platform,
  entry: Parameters<typeof appendActivity>[1],
  work: () => Promise<T>,
): Promise<T> {
  const activity = await appendActivity(metadataStore(platform), entry);
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
    (key) => (before[key as keyof PrivateEmployee] ?? null) !== (after[key] ?? null),
  );
}

export async function updateEmployee(
  platform: Platform,
  actorId: string,
  employeeId: string,
  fields: EmployeeFields,
): Promise<PrivateEmployee> {
  const before = await getEmployee(platform.db, employeeId, 'private');
  if (!before) throw new EmployeeNotFoundError(employeeId);
  const changed = changedFields(before, fields);
  if (changed.length === 0) return before;
  return withActivity(
    platform,
    { employeeId, actorId, action: 'profile.updated', changedFields: changed },
    async () => {
      const updated = await updateEmployeeFields(platform.db, employeeId, fields);
      if (!updated) throw new EmployeeNotFoundError(employeeId);
      return updated;
    },
  );
}

/**
 * Stores a new photo as the pending one. The current photo stays on the profile until the new one is ready
 * (app/services/photo-view.server.ts promotes it and deletes the old one).
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
    const stored = await storeOriginal(platform, employeeId, photo);
    try {
      await withActivity(platform, { employeeId, actorId, action: 'photo.replaced' }, () =>
        setPendingPhoto(platform.db, employeeId, stored.photoId),
      );
    } catch (error) {
      await undo(platform, [() => deletePhoto(platform, stored)], { employeeId, action: 'replace-photo' });
      throw error;
    }
    // An earlier upload that never became ready is superseded: remove it now rather than at the sweep.
    if (before.pendingPhotoId) {
      await deletePhoto(platform, { employeeId, photoId: before.pendingPhotoId }).catch((error: unknown) =>
        platform.log.warn('superseded photo left for the orphan sweep', { employeeId, error }),
      );
    }
    return stored;
  } finally {
    await photo.discard();
  }
}

async function changeStatus(
  platform: Platform,
  actorId: string,
  employeeId: string,
  status: EmployeeStatus,
  action: string,
  reason: string | null,
  notice?: { type: 'employee.rejected' | 'employee.activated'; subject: string; text: string },
): Promise<void> {
  const employee = await getEmployee(platform.db, employeeId, 'private');
  if (!employee) throw new EmployeeNotFoundError(employeeId);
  await withActivity(
    platform,
    { employeeId, actorId, action, changedFields: ['status'], note: reason ?? undefined },
    () =>
      platform.db.sequelize.transaction(async (transaction) => {
        await setEmployeeStatus(platform.db, employeeId, status, reason, { transaction });
        if (notice) {
          await enqueueNotification(
            platform.db,
            {
              type: notice.type,
              version: 1,
              messageId: randomUUID(),
              occurredAt: new Date().toISOString(),
              recipient: { employeeId, workEmail: employee.workEmail },
              text: notice.text,
              link: platform.env.PUBLIC_URL ? `${platform.env.PUBLIC_URL}/me` : null,
            },
            notice.subject,
            { transaction },
          );
        }
      }),
  );
}

export function activateEmployee(platform: Platform, actorId: string, employeeId: string) {
  return changeStatus(platform, actorId, employeeId, 'active', 'employee.activated', null, {
    type: 'employee.activated',
    subject: 'Your employee profile is active',
    text: 'HR has activated your profile. It now appears in the company directory.',
  });
}

export function rejectEmployee(platform: Platform, actorId: string, employeeId: string, reason: string) {
  return changeStatus(platform, actorId, employeeId, 'inactive', 'employee.rejected', reason, {
    type: 'employee.rejected',
    subject: 'Your employee profile needs changes',
    text: `HR could not activate your profile: ${reason}`,
  });
}

export function deactivateEmployee(platform: Platform, actorId: string, employeeId: string, reason: string | null) {
  return changeStatus(platform, actorId, employeeId, 'inactive', 'employee.deactivated', reason);
}

export function reactivateEmployee(platform: Platform, actorId: string, employeeId: string) {
  return changeStatus(platform, actorId, employeeId, 'active', 'employee.reactivated', null);
}

export async function changeEmployeeRole(platform: Platform, actorId: string, employeeId: string, role: EmployeeRole) {
  const employee = await getEmployee(platform.db, employeeId, 'public');
  if (!employee) throw new EmployeeNotFoundError(employeeId);
  if (employee.role === role) return;
  await withActivity(
    platform,
    { employeeId, actorId, action: 'role.changed', changedFields: ['role'], note: role },
    () => setEmployeeRole(platform.db, employeeId, role),
  );
}
