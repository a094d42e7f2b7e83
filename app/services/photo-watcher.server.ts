/**
 * Where a photo becomes ready (or fails), as far as the web app is concerned. The photo function records
 * its outcome on the photo record in DynamoDB; this watcher, run by the primary process every second, turns
 * each finished upload into one database transaction: the profile points at the new photo (or remembers the
 * failure) and the `employee.photo-ready` (or `-failed`) event is written, with the face check's outcome.
 * A ready photo the face check holds for HR (needs-review, check-failed, or no-consent: decision 206) stays pending, the current photo
 * with it, until HR approves (then it is promoted here) or refuses (then it fails here); the hold itself is
 * announced once (`employee.photo-held`, for the verification workflow). Nothing else promotes a photo: page
 * loads only read.
 */
import { getPhoto } from '@shared/photo-records';
import { isHeldForReview, isPromotable, type FaceCheckOutcome } from '@shared/contracts/photo-record';
import {
  listPendingPhotos,
  markHeldPhotoAnnounced,
  markPendingPhotoFailed,
  promotePendingPhoto,
} from '~/models/employee-photo-slot.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { appendActivity } from '~/models/metadata.server';
import { recordEvent } from './domain-events.server';
import { dropReferenceMadeWithoutConsent } from './face-references.server';
import { deletePhoto } from './photo-storage.server';
import { SYSTEM_ACTOR } from './employees.server';

export interface WatchResult {
  ready: number;
  failed: number;
}

export async function settleFinishedPhotos(platform: Platform, options: { limit?: number } = {}): Promise<WatchResult> {
  const result: WatchResult = { ready: 0, failed: 0 };
  for (const { employeeId, photoId } of await listPendingPhotos(platform.db, options)) {
    const settled = await settlePhoto(platform, { employeeId, photoId });
    if (settled) result[settled] += 1;
  }
  return result;
}

/**
 * Settles one pending upload if its record says how: promoted (ready and allowed by the face check) or failed.
 * Also what an HR decision calls, so the profile changes at once rather than on the next tick. Idempotent.
 */
export async function settlePhoto(
  platform: Platform,
  { employeeId, photoId }: { employeeId: string; photoId: string },
): Promise<'ready' | 'failed' | null> {
  const record = await getPhoto(metadataTable(platform), { employeeId, photoId });
  // Consent withdrawn while this photo was being checked: its late reference goes (decision 206).
  if (record) await dropReferenceMadeWithoutConsent(platform, record);
  if (record && isPromotable(record)) {
    if (!(await promote(platform, employeeId, photoId, record.faceCheck?.outcome))) return null;
    const approvedBy = record.faceCheck?.outcome === 'approved' ? (record.faceCheck.reviewedBy ?? SYSTEM_ACTOR) : null;
    await logPhotoOutcome(platform, {
      employeeId,
      actorId: approvedBy ?? SYSTEM_ACTOR,
      action: approvedBy ? 'photo.approved' : 'photo.promoted',
    });
    return 'ready';
  }
  if (record && isHeldForReview(record)) {
    await announceHold(platform, employeeId, photoId, record.faceCheck!.outcome);
    return null;
  }
  if (record?.state !== 'failed') return null;
  const reason = record.failureReason ?? 'The photo could not be processed.';
  const marked = await platform.db.sequelize.transaction(async (transaction) => {
    if (!(await markPendingPhotoFailed(platform.db, employeeId, photoId, { transaction }))) return false;
    await recordEvent(
      platform.db,
      {
        type: 'employee.photo-failed',
        version: 1,
        employeeId,
        actorId: SYSTEM_ACTOR,
        photoId,
        reason,
        ...(record.faceCheck ? { faceCheck: record.faceCheck.outcome } : {}),
      },
      { transaction },
    );
    return true;
  });
  if (!marked) return null;
  const refusedBy = record.faceCheck?.outcome === 'refused' ? (record.faceCheck.reviewedBy ?? SYSTEM_ACTOR) : null;
  await logPhotoOutcome(platform, {
    employeeId,
    actorId: refusedBy ?? SYSTEM_ACTOR,
    action: refusedBy ? 'photo.refused' : 'photo.failed',
    note: reason,
  });
  return 'failed';
}

/**
 * The upload's outcome in the activity log HR reads (the upload itself is logged as `photo.replaced`, before
 * anyone knows whether it will replace anything). A failure to log is reported, never allowed to undo the outcome.
 */
async function logPhotoOutcome(platform: Platform, entry: Parameters<typeof appendActivity>[1]): Promise<void> {
  try {
    await appendActivity(metadataTable(platform), entry);
  } catch (error) {
    platform.log.warn('photo outcome not written to the activity log', { employeeId: entry.employeeId, error });
  }
}

/** Writes `employee.photo-held` once per held upload (the verification workflow waits for it). */
async function announceHold(
  platform: Platform,
  employeeId: string,
  photoId: string,
  faceCheck: FaceCheckOutcome,
): Promise<void> {
  await platform.db.sequelize.transaction(async (transaction) => {
    if (!(await markHeldPhotoAnnounced(platform.db, employeeId, photoId, { transaction }))) return;
    await recordEvent(
      platform.db,
      { type: 'employee.photo-held', version: 1, employeeId, actorId: SYSTEM_ACTOR, photoId, faceCheck },
      { transaction },
    );
  });
}

async function promote(
  platform: Platform,
  employeeId: string,
  photoId: string,
  faceCheck: FaceCheckOutcome | undefined,
): Promise<boolean> {
  const { promoted, replacedPhotoId } = await platform.db.sequelize.transaction(async (transaction) => {
    const outcome = await promotePendingPhoto(platform.db, employeeId, photoId, { transaction });
    if (outcome.promoted) {
      await recordEvent(
        platform.db,
        {
          type: 'employee.photo-ready',
          version: 1,
          employeeId,
          actorId: SYSTEM_ACTOR,
          photoId,
          replacedPhotoId: outcome.replacedPhotoId,
          ...(faceCheck ? { faceCheck } : {}),
        },
        { transaction },
      );
    }
    return outcome;
  });
  if (promoted && replacedPhotoId) {
    await deletePhoto(platform, { employeeId, photoId: replacedPhotoId }).catch((error: unknown) =>
      platform.log.warn('replaced photo left for the orphan sweep', { employeeId, error }),
    );
  }
  return promoted;
}
