/**
 * HR's side of the face check: the uploads waiting for a decision (a replacement that may be another person,
 * a check that could not run), and the decision itself. Approving lets the photo watcher put the photo on
 * the profile; refusing fails it, and the employee is asked for another. The current photo stays until then.
 */
import { getPhoto, recordFaceReview } from '@shared/photo-records';
import { isHeldForReview } from '@shared/contracts/photo-record';
import { listPendingPhotos } from '~/models/employee-photo-slot.server';
import { getEmployee } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { HELD_MESSAGES } from './photo-view.server';
import { settlePhoto } from './photo-watcher.server';

export interface HeldPhotoSummary {
  employeeId: string;
  displayName: string;
  photoId: string;
  outcome: 'needs-review' | 'check-failed' | 'no-consent';
  reason: string;
}

/** Uploads held for HR, newest pending uploads first (at most `limit`, default 50). */
export async function listHeldPhotos(
  platform: Platform,
  options: { limit?: number } = {},
): Promise<HeldPhotoSummary[]> {
  const held: HeldPhotoSummary[] = [];
  for (const ids of await listPendingPhotos(platform.db, { limit: 200 })) {
    const record = await getPhoto(metadataTable(platform), ids);
    if (!record || !isHeldForReview(record)) continue;
    const employee = await getEmployee(platform.db, ids.employeeId, 'public');
    if (!employee) continue;
    const outcome = record.faceCheck!.outcome as HeldPhotoSummary['outcome'];
    held.push({ ...ids, displayName: employee.displayName, outcome, reason: HELD_MESSAGES[outcome] });
    if (held.length >= (options.limit ?? 50)) break;
  }
  return held;
}

export type ReviewResult = { ok: true; message: string } | { ok: false; message: string };

/** Records HR's decision on the employee's held upload, then settles it at once. */
export async function reviewHeldPhoto(
  platform: Platform,
  reviewerId: string,
  input: { employeeId: string; photoId: string; decision: 'approved' | 'refused' },
): Promise<ReviewResult> {
  const employee = await getEmployee(platform.db, input.employeeId, 'private');
  if (!employee || employee.pendingPhotoId !== input.photoId) {
    return { ok: false, message: 'This photo is no longer waiting for a decision.' };
  }
  const reviewed = await recordFaceReview(metadataTable(platform), { ...input, reviewerId });
  if (!reviewed) return { ok: false, message: 'This photo is no longer waiting for a decision.' };
  await settlePhoto(platform, input);
  return input.decision === 'approved'
    ? { ok: true, message: 'Photo approved: it is now on the profile.' }
    : { ok: true, message: 'Photo refused: the employee is asked for another one; the current photo stays.' };
}
