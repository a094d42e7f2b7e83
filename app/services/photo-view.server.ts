/**
 * What a profile shows for its photo. The current photo (photoId) stays until a newer upload
 * (pendingPhotoId) is ready; the photo watcher (photo-watcher.server.ts) promotes it. Reading never writes:
 * an upload the function has finished but the watcher has not promoted yet is shown as ready already.
 */
import { getPhoto } from '@shared/photo-records';
import { RENDITION_SIZES, type RenditionSize } from '@shared/contracts/s3-keys';
import type { Platform } from '~/platform.server';
import { photoTable } from './photo-storage.server';

export type PhotoSize = RenditionSize;

export interface PhotoUrls {
  webp: Record<PhotoSize, string>;
  jpeg: Record<PhotoSize, string>;
}

export interface PhotoView {
  /** `processing`/`failed` describe the newest upload; `current` is what is shown meanwhile. */
  state: 'none' | 'processing' | 'ready' | 'failed';
  failureReason: string | null;
  current: PhotoUrls | null;
  /** The id of the photo `current` shows (what an avatar links to), or null. */
  currentPhotoId: string | null;
}

export function photoUrls(employeeId: string, photoId: string): PhotoUrls {
  const urls = (extension: string) =>
    Object.fromEntries(
      RENDITION_SIZES.map((size) => [size, `/photos/${employeeId}/${photoId}/${size}.${extension}`]),
    ) as Record<PhotoSize, string>;
  return { webp: urls('webp'), jpeg: urls('jpg') };
}

const FALLBACK_FAILURE = 'The photo could not be processed.';

export async function getPhotoView(
  platform: Platform,
  employee: { id: string; photoId: string | null; pendingPhotoId: string | null; failedPhotoId?: string | null },
): Promise<PhotoView> {
  const current = employee.photoId ? photoUrls(employee.id, employee.photoId) : null;
  const currentPhotoId = employee.photoId;
  const settled: PhotoView = { state: current ? 'ready' : 'none', failureReason: null, current, currentPhotoId };
  if (employee.pendingPhotoId) {
    const pending = await getPhoto(photoTable(platform), { employeeId: employee.id, photoId: employee.pendingPhotoId });
    if (!pending) return settled;
    if (pending.state === 'failed')
      return { state: 'failed', failureReason: pending.failureReason ?? FALLBACK_FAILURE, current, currentPhotoId };
    if (pending.state !== 'ready') return { state: 'processing', failureReason: null, current, currentPhotoId };
    return {
      state: 'ready',
      failureReason: null,
      current: photoUrls(employee.id, pending.photoId),
      currentPhotoId: pending.photoId,
    };
  }
  if (employee.failedPhotoId) {
    const failed = await getPhoto(photoTable(platform), { employeeId: employee.id, photoId: employee.failedPhotoId });
    return { state: 'failed', failureReason: failed?.failureReason ?? FALLBACK_FAILURE, current, currentPhotoId };
  }
  return settled;
}
