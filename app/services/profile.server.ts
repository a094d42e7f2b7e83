/**
 * What a profile page may show to a given viewer. Everyone signed in sees the public projection of an active
 * employee; only the employee themselves and active admins get the private projection (and can see a
 * pending or inactive profile at all: for anyone else it does not exist).
 */
import type { SessionUser } from '~/auth/user-session.server';
import { getProfileExtras } from '~/models/metadata.server';
import type { Database } from '~/db/database.server';
import { getEmployee } from '~/models/employee.server';
import { listTeam } from '~/models/team.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { getPhotoView } from '~/services/photo-view.server';

export async function loadProfile(platform: Platform, viewer: SessionUser, employeeId: string) {
  const isSelf = viewer.id === employeeId;
  const viewerIsAdmin = viewer.role === 'admin' && viewer.status === 'active';
  const mayReadPrivate = isSelf || viewerIsAdmin;
  const found = await getEmployee(platform.db, employeeId, mayReadPrivate ? 'private' : 'public');
  if (!found) return null;
  if (found.status !== 'active' && !mayReadPrivate) return null;

  const [photo, manager, reports, extras] = await Promise.all([
    // The face check's note on the current photo is for HR only (photoReview below): nobody else pays its read.
    getPhotoView(platform, found, { currentCheck: viewerIsAdmin }),
    found.managerId ? getEmployee(platform.db, found.managerId, 'public') : null,
    listTeam(platform.db, employeeId),
    getProfileExtras(metadataTable(platform), employeeId).catch((error: unknown) => {
      // Extras are decoration: a DynamoDB hiccup should not take the profile down.
      platform.log.warn('profile extras unavailable', { employeeId, error });
      return null;
    }),
  ]);

  const employee = {
    id: found.id,
    employeeNumber: found.employeeNumber,
    displayName: found.displayName,
    firstName: found.firstName,
    lastName: found.lastName,
    preferredName: found.preferredName,
    workEmail: found.workEmail,
    workPhone: found.workPhone,
    jobTitle: found.jobTitle,
    department: found.department,
    officeLocation: found.officeLocation,
    startDate: found.startDate,
    bio: found.bio,
    skills: found.skills,
    status: found.status,
    role: found.role,
  };
  const privateFields =
    mayReadPrivate && 'personalEmail' in found
      ? {
          personalEmail: found.personalEmail,
          personalPhone: found.personalPhone,
          emergencyContactName: found.emergencyContactName,
          emergencyContactPhone: found.emergencyContactPhone,
          statusReason: found.statusReason,
        }
      : null;

  return {
    employee,
    privateFields,
    isSelf,
    viewerIsAdmin,
    // employeeId: whom the page polls about while the photo is processing (components/photo-status.tsx).
    // Others see only the photo shown: never why an upload failed or waits for HR.
    photo: mayReadPrivate
      ? { state: photo.state, failureReason: photo.failureReason, employeeId: found.id }
      : { state: photo.current ? ('ready' as const) : ('none' as const), failureReason: null, employeeId: found.id },
    // HR only: the face check's note on the photo shown, and an upload held for review beside it.
    photoReview: viewerIsAdmin ? { held: photo.held, current: photo.current, currentCheck: photo.currentCheck } : null,
    photoId: photo.current?.photoId ?? null,
    manager:
      manager && (manager.status === 'active' || viewerIsAdmin)
        ? { id: manager.id, displayName: manager.displayName, jobTitle: manager.jobTitle }
        : null,
    reports: reports.map((report) => ({ id: report.id, displayName: report.displayName, jobTitle: report.jobTitle })),
    extras: extras
      ? {
          pronouns: extras.pronouns ?? null,
          timeZone: extras.timeZone ?? null,
          skills: extras.skills,
          links: extras.links,
        }
      : null,
  };
}
