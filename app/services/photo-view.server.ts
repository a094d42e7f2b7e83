/**
 * What a profile shows for its photo: the photo shown (current-photo.server.ts says which) and the state of the
 * newest upload. The current photo (photoId) stays until a newer upload (pendingPhotoId) is ready; the photo
 * watcher (photo-watcher.server.ts) promotes it. Reading never writes: an upload the function has finished but
 * the watcher has not promoted yet is shown as ready already.
 */
import { getPhoto } from '@shared/photo-records';
import { isHeldForReview, type FaceCheckOutcome, type PhotoRecord } from '@shared/contracts/photo-record';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import type { PhotoRef } from '~/utils/photo-url';
import { currentPhoto, type PhotoSlots } from './current-photo.server';

/** A new upload waiting for HR (a possible different person, a face check that could not run, or no consent). */
export interface HeldPhoto extends PhotoRef {
  outcome: 'needs-review' | 'check-failed' | 'no-consent';
  reason: string;
  /** How alike it is to the current photo (0..100), when it was compared. */
  similarity: number | null;
}

export interface PhotoView {
  /**
   * `processing`/`failed`/`held` describe the newest upload; `current` is what is shown meanwhile.
   * `held`: the upload passed nothing yet and waits for HR; `failureReason` then says why, in words.
   */
  state: 'none' | 'processing' | 'ready' | 'failed' | 'held';
  failureReason: string | null;
  /** The photo shown (current-photo.server.ts decides which), by its ids; pages build its URLs. */
  current: PhotoRef | null;
  /** The face check's outcome on the photo shown (for HR: `not-checked` demo photos, hand approvals). */
  currentCheck: FaceCheckOutcome | null;
  held: HeldPhoto | null;
}

const FALLBACK_FAILURE = 'The photo could not be processed.';

export const HELD_MESSAGES = {
  'needs-review': 'The new photo is waiting for HR: it may not be the same person as in the current photo.',
  'check-failed': 'The new photo is waiting for HR: the face check could not be completed.',
  // Decision 206: the person declined or withdrew the face check, so nothing checked the photo.
  'no-consent': 'The new photo is waiting for HR: no consent to the face check, so HR checks it by eye.',
} as const;

function heldPhoto(employeeId: string, record: PhotoRecord): HeldPhoto | null {
  if (!isHeldForReview(record)) return null;
  const outcome = record.faceCheck!.outcome as HeldPhoto['outcome'];
  return {
    employeeId,
    photoId: record.photoId,
    outcome,
    reason: HELD_MESSAGES[outcome],
    similarity: record.faceCheck!.similarity ?? null,
  };
}

/**
 * `currentCheck: false` skips reading the current photo's record for its face-check note (currentCheck is then
 * null): only HR sees that note, and for everyone else it was a DynamoDB read per profile view.
 */
export async function getPhotoView(
  platform: Platform,
  employee: PhotoSlots & { failedPhotoId?: string | null },
  options: { currentCheck?: boolean } = {},
): Promise<PhotoView> {
  const table = metadataTable(platform);
  const promoted = currentPhoto(employee, null);
  const currentCheck =
    promoted && options.currentCheck !== false ? ((await getPhoto(table, promoted))?.faceCheck?.outcome ?? null) : null;
  const base = { current: promoted, currentCheck, held: null };
  const settled: PhotoView = { ...base, state: promoted ? 'ready' : 'none', failureReason: null };
  if (employee.pendingPhotoId) {
    const pending = await getPhoto(table, { employeeId: employee.id, photoId: employee.pendingPhotoId });
    if (!pending) return settled;
    if (pending.state === 'failed')
      return { ...base, state: 'failed', failureReason: pending.failureReason ?? FALLBACK_FAILURE };
    if (pending.state !== 'ready') return { ...base, state: 'processing', failureReason: null };
    const held = heldPhoto(employee.id, pending);
    // A held photo is never shown as the profile's photo: the current one stays until HR decides.
    if (held) return { ...base, state: 'held', failureReason: held.reason, held };
    return {
      state: 'ready',
      failureReason: null,
      current: currentPhoto(employee, pending),
      currentCheck: pending.faceCheck?.outcome ?? null,
      held: null,
    };
  }
  if (employee.failedPhotoId) {
    const failed = await getPhoto(table, { employeeId: employee.id, photoId: employee.failedPhotoId });
    return { ...base, state: 'failed', failureReason: failed?.failureReason ?? FALLBACK_FAILURE };
  }
  return settled;
}
