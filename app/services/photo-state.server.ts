/**
 * The small answer a page polls while a photo is processing (routes/api.photo-state.ts): per employee, the
 * state of the newest upload and the photo an avatar should show. Read-only, like every page load.
 */
import { listPhotoReferences } from '~/models/employee-photo-slot.server';
import type { Platform } from '~/platform.server';
import { getPhotoView, type PhotoView } from './photo-view.server';

export interface PhotoState {
  employeeId: string;
  state: PhotoView['state'];
  failureReason: string | null;
  photoId: string | null;
}

export async function getPhotoStates(platform: Platform, employeeIds: string[]): Promise<PhotoState[]> {
  const employees = await listPhotoReferences(platform.db, employeeIds);
  return Promise.all(
    employees.map(async (employee) => {
      const view = await getPhotoView(platform, employee);
      return {
        employeeId: employee.id,
        state: view.state,
        failureReason: view.failureReason,
        photoId: view.current?.photoId ?? null,
      };
    }),
  );
}
