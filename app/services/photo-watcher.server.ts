/**
 * Where a photo becomes ready (or fails), as far as the web app is concerned. The photo function records
 * its outcome on the photo record in DynamoDB; this watcher, run by the primary process every second, turns
 * each finished upload into one database transaction: the profile points at the new photo (or remembers the
 * failure) and the `employee.photo-ready` (or `-failed`) event is written. Nothing else promotes a photo:
 * page loads only read.
 */
import { getPhoto } from '@shared/photo-records';
import { listPendingPhotos, markPendingPhotoFailed, promotePendingPhoto } from '~/models/employee.server';
import type { Platform } from '~/platform.server';
import { recordEvent } from './domain-events.server';
import { deletePhoto, photoTable } from './photo-storage.server';
import { SYSTEM_ACTOR } from './employees.server';

export interface WatchResult {
  ready: number;
  failed: number;
}

export async function settleFinishedPhotos(platform: Platform, options: { limit?: number } = {}): Promise<WatchResult> {
  const result: WatchResult = { ready: 0, failed: 0 };
  for (const { employeeId, photoId } of await listPendingPhotos(platform.db, options)) {
    const record = await getPhoto(photoTable(platform), { employeeId, photoId });
    if (record?.state === 'ready') {
      if (await promote(platform, employeeId, photoId)) result.ready += 1;
    } else if (record?.state === 'failed') {
      const reason = record.failureReason ?? 'The photo could not be processed.';
      const marked = await platform.db.sequelize.transaction(async (transaction) => {
        if (!(await markPendingPhotoFailed(platform.db, employeeId, photoId, { transaction }))) return false;
        await recordEvent(
          platform.db,
          { type: 'employee.photo-failed', version: 1, employeeId, actorId: SYSTEM_ACTOR, photoId, reason },
          { transaction },
        );
        return true;
      });
      if (marked) result.failed += 1;
    }
  }
  return result;
}

async function promote(platform: Platform, employeeId: string, photoId: string): Promise<boolean> {
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
