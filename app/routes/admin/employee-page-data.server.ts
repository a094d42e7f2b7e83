/**
 * What the admin employee page (app/routes/admin.employees.$id.tsx) shows about one employee: the profile,
 * the edit form's values, the departments, linked sign-in identities, the verification workflow's history,
 * a page of named activity and who viewed the private fields, read together. Opening the page is itself a view
 * of the private fields, recorded first (docs/decisions/320-personal-archive-and-view-log.md).
 */
import type { SessionUser } from '~/auth/user-session.server';
import { listLinkedIdentities } from '~/models/linked-identities.server';
import type { Platform } from '~/platform.server';
import { cachedDepartments } from '~/services/departments.server';
import { loadProfile } from '~/services/profile.server';
import { valuesFromEmployee } from '~/services/profile-form.server';
import { loadPrivateDetailViews, recordPrivateDetailView } from '~/services/private-detail-views.server';
import { editableCustomFields } from '~/services/field-gate.server';
import { listNamedActivity } from './employee-activity.server';

/** Null when the employee does not exist (the page answers 404). */
export async function loadEmployeePageData(
  platform: Platform,
  admin: SessionUser,
  employeeId: string,
  options: { activityCursor: string | null },
) {
  const profile = await loadProfile(platform, admin, employeeId);
  if (!profile) return null;
  await recordPrivateDetailView(platform.db, {
    viewerId: admin.id,
    subjectId: employeeId,
    place: 'employee-page',
    fields: profile.restrictedFieldsShown,
  });
  const [values, activity, departments, identities, workflow, privateDetailViews] = await Promise.all([
    valuesFromEmployee(platform, {
      ...profile.employee,
      ...(profile.privateFields ?? {}),
      managerId: profile.manager?.id ?? null,
    }),
    listNamedActivity(platform, employeeId, { cursor: options.activityCursor?.slice(0, 600), limit: 20 }),
    cachedDepartments(platform.db),
    listLinkedIdentities(platform.db, employeeId),
    platform.workflow.history(employeeId),
    loadPrivateDetailViews(platform.db, employeeId, platform.customFields),
  ]);
  const providerNames = new Map((platform.env.OIDC_PROVIDERS ?? []).map((provider) => [provider.id, provider.name]));
  return {
    ...profile,
    values,
    // HR fills every field HR defined (docs/decisions/023-hr-defined-field-storage.md).
    customInputs: editableCustomFields(platform.customFields, { person: admin.id === employeeId, hr: true }),
    departments,
    linkedIdentities: identities.map((identity) => ({
      id: identity.id,
      providerName: providerNames.get(identity.providerId) ?? identity.providerId,
      issuer: identity.issuer,
      email: identity.email,
      linkedAt: new Date(identity.linkedAt).toISOString(),
      lastSignInAt: identity.lastSignInAt ? new Date(identity.lastSignInAt).toISOString() : null,
    })),
    workflow,
    activity,
    privateDetailViews,
  };
}
