/**
 * Which photo a profile shows, decided here for every reader: the profile and the photo-state poll (through
 * photo-view.server.ts) and the photo route. It is the promoted photo (employees.photo_id), or a newer upload
 * that the photo function finished and the face check let through, shown before the photo watcher promotes it:
 * page loads only read (docs/architecture.md, "The photo path"). The directory and the search index show the
 * promoted photo only; they hear of a new one with `employee.photo-ready`.
 */
import { isPromotable, type PhotoRecord } from '@shared/contracts/photo-record';
import { getPhoto } from '@shared/photo-records';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import type { PhotoRef } from '~/utils/photo-url';

/** An employee's photo slots, as the employees table holds them. */
export interface PhotoSlots {
  id: string;
  photoId: string | null;
  pendingPhotoId: string | null;
}

/** The photo shown, given the pending upload's record (null when there is none or it was not read). */
export function currentPhoto(employee: PhotoSlots, pending: PhotoRecord | null): PhotoRef | null {
  if (employee.pendingPhotoId && pending?.photoId === employee.pendingPhotoId && isPromotable(pending)) {
    return { employeeId: employee.id, photoId: pending.photoId };
  }
  return employee.photoId ? { employeeId: employee.id, photoId: employee.photoId } : null;
}

/**
 * Whether a photo may be shown to anyone who may see the profile: the promoted photo, or the upload that
 * currentPhoto shows. An upload held for HR, refused or still processing is its owner's and HR's only.
 */
export async function isShownToEveryone(platform: Platform, employee: PhotoSlots, photoId: string): Promise<boolean> {
  if (photoId === employee.photoId) return true;
  if (photoId !== employee.pendingPhotoId) return false;
  const pending = await getPhoto(metadataTable(platform), { employeeId: employee.id, photoId });
  return currentPhoto(employee, pending)?.photoId === photoId;
}
