/**
 * Removes photos that no employee points at: left by an undo that itself failed, or by a replaced photo
 * whose deletion failed. Only photos older than a grace period are touched, so an upload still on its way
 * to its database commit is never swept.
 */
import { PHOTO_STATES } from '@shared/contracts/photo-record';
import { listPhotosByState } from '@shared/photo-records';
import { getReferencedPhotoIds } from '~/models/employee-photo-slot.server';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { deletePhoto } from './photo-storage.server';

export async function sweepOrphanedPhotos(
  platform: Platform,
  options: { olderThanMs?: number; now?: Date } = {},
): Promise<{ examined: number; removed: number }> {
  const cutoff = new Date((options.now ?? new Date()).getTime() - (options.olderThanMs ?? 60 * 60 * 1000));
  let examined = 0;
  let removed = 0;
  for (const state of PHOTO_STATES) {
    let cursor: string | undefined;
    do {
      const page = await listPhotosByState(metadataTable(platform), state, { cursor, limit: 100 });
      for (const photo of page.photos) {
        if (new Date(photo.updatedAt) > cutoff) continue;
        examined += 1;
        // A failed upload stays referenced: the profile shows why it failed until the next one.
        const referenced = (await getReferencedPhotoIds(platform.db, photo.employeeId)).includes(photo.photoId);
        if (!referenced) {
          await deletePhoto(platform, { employeeId: photo.employeeId, photoId: photo.photoId });
          removed += 1;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { examined, removed };
}
