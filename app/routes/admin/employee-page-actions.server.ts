/**
 * The admin employee page's form posts (app/routes/admin.employees.$id.tsx), one handler per intent: the
 * profile edit, HR's decision on a held photo, and the status and role changes (runAdminAction, shared with
 * the pending list). Each answers in the one shape the page reads.
 */
import { z } from 'zod';
import type { SessionUser } from '~/auth/user-session.server';
import { DuplicateEmployeeError } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { updateEmployee } from '~/services/employees.server';
import { ManagerCycleError } from '~/services/manager-graph.server';
import { reviewHeldPhoto } from '~/services/photo-review.server';
import { formValues, parseProfileForm } from '~/services/profile-form.server';
import { editableCustomFields } from '~/services/field-gate.server';
import { customFormValues, parseCustomValues } from '~/models/custom-fields';
import { runAdminAction } from './admin-actions.server';

const photoReviewSchema = z.object({
  photoId: z.string().uuid('Choose the photo to review.'),
  decision: z.enum(['approved', 'refused'], { message: 'Choose approve or refuse.' }),
});

export async function runEmployeePageAction(
  platform: Platform,
  admin: SessionUser,
  employeeId: string,
  formData: FormData,
) {
  const intent = formData.get('intent');
  if (intent === 'profile') return saveProfile(platform, admin, employeeId, formData);
  if (intent === 'photo-review') return reviewPhoto(platform, admin, employeeId, formData);
  return changeStatusOrRole(platform, admin, employeeId, formData);
}

async function saveProfile(platform: Platform, admin: SessionUser, employeeId: string, formData: FormData) {
  const values = formValues(formData);
  const parsed = await parseProfileForm(platform, values, { employeeId });
  // HR may change every field HR defined (retired ones are on no form and keep their values).
  const editable = editableCustomFields(platform.customFields, { person: admin.id === employeeId, hr: true });
  const customValues = customFormValues(formData, editable);
  const custom = parseCustomValues(customValues, editable);
  if (!parsed.fields || !custom.values)
    return {
      intent: 'profile' as const,
      ok: false as const,
      errors: { ...parsed.errors, ...custom.errors },
      values,
      customValues,
      message: null,
    };
  try {
    await updateEmployee(platform, admin.id, employeeId, parsed.fields, custom.values);
  } catch (error) {
    if (error instanceof DuplicateEmployeeError) {
      return {
        intent: 'profile' as const,
        ok: false as const,
        errors: { workEmail: error.message },
        values,
        customValues,
        message: null,
      };
    }
    if (error instanceof ManagerCycleError) {
      return {
        intent: 'profile' as const,
        ok: false as const,
        errors: { managerEmail: error.message },
        values,
        customValues,
        message: null,
      };
    }
    throw error;
  }
  return {
    intent: 'profile' as const,
    ok: true as const,
    errors: {},
    values: null,
    customValues: null,
    message: 'Profile saved.',
  };
}

async function reviewPhoto(platform: Platform, admin: SessionUser, employeeId: string, formData: FormData) {
  const parsed = photoReviewSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      intent: 'photo-review' as const,
      ok: false as const,
      errors: {},
      values: null,
      message: parsed.error.issues[0].message,
    };
  }
  const reviewed = await reviewHeldPhoto(platform, admin.id, { employeeId, ...parsed.data });
  return { intent: 'photo-review' as const, ok: reviewed.ok, errors: {}, values: null, message: reviewed.message };
}

/** Activate, reject, deactivate, reactivate or change the role: the employee is the page's, not the form's. */
async function changeStatusOrRole(platform: Platform, admin: SessionUser, employeeId: string, formData: FormData) {
  formData.set('employeeId', employeeId);
  const result = await runAdminAction(platform, admin, formData);
  return result.ok
    ? { intent: 'status' as const, ok: true as const, errors: {}, values: null, message: result.message }
    : { intent: 'status' as const, ok: false as const, errors: result.errors, values: null, message: null };
}
