/**
 * The erasure page (app/routes/admin.employees_.$id.erase.tsx): what it shows for one employee id, and its one form
 * post. Before: the preview, store by store. During: the job's steps. After: the tombstone (the row is gone, so
 * the page is read from the erasures table).
 */
import { z } from 'zod';
import type { SessionUser } from '~/auth/user-session.server';
import { getDisplayNames, getEmployee } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import {
  ERASURE_STEP_NAMES,
  ErasureRefusedError,
  ONLY_INACTIVE_MESSAGE,
  listErasuresOfEmployee,
  previewErasure,
  requestErasure,
  type Erasure,
  type ErasurePreview,
} from '~/services/erasure.server';

export const erasureFormSchema = z.object({
  reason: z
    .string({ message: 'Give the reason for the erasure (it stays in the record).' })
    .trim()
    .min(1, 'Give the reason for the erasure (it stays in the record).')
    .max(500, 'Keep the reason under 500 characters.'),
});

export interface ErasureView {
  id: string;
  state: Erasure['state'];
  requestedAt: string;
  completedAt: string | null;
  requestedBy: string;
  reason: string;
  steps: Array<{ name: string; done: boolean }>;
  lastError: string | null;
}

export type ErasurePageData =
  | { kind: 'preview'; employeeId: string; displayName: string; preview: ErasurePreview; erasures: ErasureView[] }
  | { kind: 'not-erasable'; employeeId: string; displayName: string; message: string; erasures: ErasureView[] }
  | { kind: 'erasures'; employeeId: string; erasures: ErasureView[] };

async function viewsOf(platform: Platform, erasures: Erasure[]): Promise<ErasureView[]> {
  const requesters = erasures.flatMap((erasure) =>
    erasure.requestedBy.kind === 'hr' ? [erasure.requestedBy.employeeId] : [],
  );
  const names = await getDisplayNames(platform.db, requesters);
  return erasures.map((erasure) => ({
    id: erasure.id,
    state: erasure.state,
    requestedAt: new Date(erasure.requestedAt).toISOString(),
    completedAt: erasure.completedAt === null ? null : new Date(erasure.completedAt).toISOString(),
    requestedBy:
      erasure.requestedBy.kind === 'retention'
        ? 'the retention schedule'
        : (names.get(erasure.requestedBy.employeeId) ?? 'a former HR admin'),
    reason: erasure.reason,
    steps: ERASURE_STEP_NAMES.map((name) => ({ name, done: erasure.stepsDone.includes(name) })),
    lastError: erasure.lastError,
  }));
}

/** null: no such employee and no erasure of that id (404). */
export async function loadErasurePage(
  platform: Platform,
  admin: SessionUser,
  employeeId: string,
): Promise<ErasurePageData | null> {
  const erasures = await viewsOf(platform, await listErasuresOfEmployee(platform, employeeId));
  const employee = await getEmployee(platform.db, employeeId, 'public');
  if (!employee) return erasures.length > 0 ? { kind: 'erasures', employeeId, erasures } : null;
  const open = erasures.some((erasure) => erasure.state !== 'completed');
  if (open) return { kind: 'erasures', employeeId, erasures };
  const base = { employeeId, displayName: employee.displayName, erasures };
  if (employee.status !== 'inactive') return { kind: 'not-erasable', ...base, message: ONLY_INACTIVE_MESSAGE };
  if (admin.id === employeeId) return { kind: 'not-erasable', ...base, message: 'You cannot erase your own profile.' };
  return { kind: 'preview', ...base, preview: await previewErasure(platform, employeeId) };
}

export type ErasureActionResult = { ok: false; errors: { reason?: string; form?: string } } | { ok: true };

export async function runErasureAction(
  platform: Platform,
  admin: SessionUser,
  employeeId: string,
  formData: FormData,
): Promise<ErasureActionResult> {
  const parsed = erasureFormSchema.safeParse({ reason: formData.get('reason') ?? undefined });
  if (!parsed.success) return { ok: false, errors: { reason: parsed.error.issues[0]!.message } };
  try {
    await requestErasure(platform, {
      employeeId,
      requestedBy: { kind: 'hr', employeeId: admin.id },
      reason: parsed.data.reason,
    });
  } catch (error) {
    if (error instanceof ErasureRefusedError) return { ok: false, errors: { form: error.message } };
    throw error;
  }
  return { ok: true };
}
