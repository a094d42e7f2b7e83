/**
 * The HR actions on one employee (activate, reject, deactivate, reactivate, change role, and approve or reject
 * a profile the verification workflow holds for HR), shared by the
 * pending list and the employee page. Every one re-checks the admin role on the server: the forms are only
 * a convenience, a hand-made POST gets the same answer.
 */
import { z } from 'zod';
import type { SessionUser } from '~/auth/user-session.server';
import { deleteEmployeeSessions } from '~/models/session-store.server';
import type { Platform } from '~/platform.server';
import {
  activateEmployee,
  changeEmployeeRole,
  deactivateEmployee,
  EmployeeNotFoundError,
  ErasureUnderWayError,
  reactivateEmployee,
  rejectEmployee,
} from '~/services/employees.server';
import { decideVerification } from '~/workflow/hr-decision.server';
import { refuseControlCharacters } from '~/utils/control-characters';

const REASON_TOO_LONG = 'Keep the reason under 500 characters';
const reason = refuseControlCharacters(z.string().trim().max(500, REASON_TOO_LONG), 'The reason', { multiLine: true });
/** A rejection, by HR on the pending list or at the workflow's HR step, is always sent to the person with its reason. */
const rejectionReason = refuseControlCharacters(
  z
    .string({ required_error: 'Give the employee a reason' })
    .trim()
    .min(1, 'Give the employee a reason')
    .max(500, REASON_TOO_LONG),
  'The reason',
  { multiLine: true },
);

export const adminActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('activate'), employeeId: z.string().uuid() }),
  z.object({
    intent: z.literal('reject'),
    employeeId: z.string().uuid(),
    reason: rejectionReason,
  }),
  z.object({
    intent: z.literal('deactivate'),
    employeeId: z.string().uuid(),
    reason: reason.optional(),
    // Set only by the confirmation step (admin.employees.$id): one stray click never deactivates anyone.
    confirmed: z.literal('yes', { errorMap: () => ({ message: 'Confirm the deactivation first.' }) }),
  }),
  z.object({ intent: z.literal('reactivate'), employeeId: z.string().uuid() }),
  // HR's decision on a profile the verification workflow holds for it (decision 010): completes the workflow's task.
  z.object({ intent: z.literal('approve'), employeeId: z.string().uuid() }),
  z.object({
    intent: z.literal('workflow-reject'),
    employeeId: z.string().uuid(),
    reason: rejectionReason,
  }),
  z.object({ intent: z.literal('role'), employeeId: z.string().uuid(), role: z.enum(['employee', 'admin']) }),
]);

export type AdminActionResult =
  | { ok: true; employeeId: string; message: string }
  | { ok: false; employeeId: string | null; errors: Partial<Record<string, string>> };

export async function runAdminAction(
  platform: Platform,
  admin: SessionUser,
  formData: FormData,
): Promise<AdminActionResult> {
  const parsed = adminActionSchema.safeParse(Object.fromEntries(formData));
  const employeeId = typeof formData.get('employeeId') === 'string' ? String(formData.get('employeeId')) : null;
  if (!parsed.success) {
    const errors: Partial<Record<string, string>> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { ok: false, employeeId, errors };
  }
  const action = parsed.data;
  if (action.employeeId === admin.id && action.intent !== 'activate') {
    return {
      ok: false,
      employeeId,
      errors: { form: 'You cannot change your own status or role; ask another HR admin.' },
    };
  }
  try {
    switch (action.intent) {
      case 'activate':
        await activateEmployee(platform, admin.id, action.employeeId);
        return { ok: true, employeeId: action.employeeId, message: 'Activated: the profile is now in the directory.' };
      case 'reject':
        await rejectEmployee(platform, admin.id, action.employeeId, action.reason);
        await deleteEmployeeSessions(platform.db, action.employeeId);
        return { ok: true, employeeId: action.employeeId, message: 'Rejected; the employee has been sent the reason.' };
      case 'deactivate':
        await deactivateEmployee(platform, admin.id, action.employeeId, action.reason || null);
        await deleteEmployeeSessions(platform.db, action.employeeId);
        return { ok: true, employeeId: action.employeeId, message: 'Deactivated and signed out everywhere.' };
      case 'approve':
      case 'workflow-reject': {
        const decided = await decideVerification(platform, admin.id, {
          employeeId: action.employeeId,
          decision: action.intent === 'approve' ? 'approved' : 'rejected',
          reason: action.intent === 'workflow-reject' ? action.reason : undefined,
        });
        return decided.ok
          ? { ok: true, employeeId: action.employeeId, message: decided.message }
          : { ok: false, employeeId: action.employeeId, errors: { form: decided.message } };
      }
      case 'reactivate':
        await reactivateEmployee(platform, admin.id, action.employeeId);
        return { ok: true, employeeId: action.employeeId, message: 'Reactivated.' };
      case 'role':
        await changeEmployeeRole(platform, admin.id, action.employeeId, action.role);
        return {
          ok: true,
          employeeId: action.employeeId,
          message: action.role === 'admin' ? 'Now an HR admin.' : 'Now a regular employee.',
        };
    }
  } catch (error) {
    if (error instanceof EmployeeNotFoundError) throw new Response('Not found', { status: 404 });
    if (error instanceof ErasureUnderWayError) {
      return { ok: false, employeeId: action.employeeId, errors: { form: error.message } };
    }
    throw error;
  }
}
