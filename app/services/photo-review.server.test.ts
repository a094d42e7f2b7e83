/**
 * The face check as an employee and HR see it, through the local platform: the S3 emulator's events run the
 * photo function with the real local model on real photographs (samples shipped in @vladmandic/face-api).
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSON_A, PERSON_A_WIDER, PERSON_B, cropJpeg, groupJpeg, noiseJpeg } from '@test-support/face-samples';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { stageTestPhoto } from '@test-support/photos';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployee } from '~/models/employee.server';
import { listEmployeeEvents } from '~/models/event-outbox.server';
import { listActivity } from '~/models/metadata.server';
import { metadataTable } from '@shared/metadata-table';
import { createEmployee, replacePhoto } from './employees.server';
import { inspectPhoto } from './photo-upload.server';
import { listHeldPhotos, reviewHeldPhoto } from './photo-review.server';
import { isShownToEveryone } from './current-photo.server';
import { getPhotoView, type PhotoView } from './photo-view.server';
import { settleFinishedPhotos } from './photo-watcher.server';

async function stage(jpeg: Buffer) {
  const file = `${fs.mkdtempSync('/tmp/face-review-')}/upload.jpg`;
  fs.writeFileSync(file, jpeg);
  return inspectPhoto(file, jpeg.length);
}

/** Waits until the newest upload is settled one way or another, doing the photo watcher's work meanwhile. */
async function settled(platform: TestPlatform, employeeId: string): Promise<PhotoView> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await settleFinishedPhotos(platform);
    const employee = (await getEmployee(platform.db, employeeId, 'private'))!;
    const view = await getPhotoView(platform, employee);
    const done =
      view.state === 'failed' || view.state === 'held' || (view.state === 'ready' && !employee.pendingPhotoId);
    if (done || Date.now() > deadline) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const events = async (platform: TestPlatform, employeeId: string) =>
  (await listEmployeeEvents(platform.db, employeeId)).map((body) => JSON.parse(body) as Record<string, unknown>);

describe('face verification as people see it (real local model)', { timeout: 180_000 }, () => {
  let platform: TestPlatform;
  let employeeId: string;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: true });
    const employee = await createEmployee(platform, {
      // The person agreed to the face check (docs/decisions/206-face-check-consent.md).
      faceCheckAnswer: { answer: 'given', place: 'join' },
      fields: employeeFieldsSchema.parse({
        firstName: 'Vera',
        lastName: 'Verified',
        workEmail: 'vera@xyz.example',
        jobTitle: 'Analyst',
        department: 'Finance',
      }),
      photo: await stage(await cropJpeg(PERSON_A)),
    });
    employeeId = employee.id;
  }, 120_000);
  afterAll(async () => platform?.close());

  it('puts a verified first photo on the profile and says so on the seam', async () => {
    const view = await settled(platform, employeeId);
    expect(view).toMatchObject({ state: 'ready', currentCheck: 'verified', held: null });
    expect(await events(platform, employeeId)).toContainEqual(
      expect.objectContaining({ type: 'employee.photo-ready', faceCheck: 'verified' }),
    );
  });

  it('refuses a photo with no face or several people, keeps the current one and asks for another', async () => {
    const before = (await getEmployee(platform.db, employeeId, 'private'))!.photoId;
    for (const [jpeg, reason] of [
      [await noiseJpeg(), 'We could not find a face in this photo.'],
      [await groupJpeg(), 'There are several people in this photo.'],
    ] as const) {
      await replacePhoto(platform, employeeId, employeeId, await stage(jpeg));
      const view = await settled(platform, employeeId);
      expect(view).toMatchObject({ state: 'failed', failureReason: reason, current: { photoId: before } });
      const row = (await getEmployee(platform.db, employeeId, 'private'))!;
      const rejected = row.failedPhotoId!;
      // Never shown to others (the photo route asks this for any upload that is not the profile's photo).
      expect(await isShownToEveryone(platform, row, rejected)).toBe(false);
    }
    expect((await getEmployee(platform.db, employeeId, 'private'))!.photoId).toBe(before);
    // The view reads the photo record, which the function may finish just after settled() settled the photos:
    // settle once more so the outcome is written to the employee row and its event, as the watcher would.
    await settleFinishedPhotos(platform);
    expect(await events(platform, employeeId)).toContainEqual(
      expect.objectContaining({
        type: 'employee.photo-failed',
        faceCheck: 'rejected',
        reason: 'There are several people in this photo.',
      }),
    );
  });

  it('replaces the photo at once with another of the same person', async () => {
    await replacePhoto(platform, employeeId, employeeId, await stage(await cropJpeg(PERSON_A_WIDER)));
    const view = await settled(platform, employeeId);
    expect(view).toMatchObject({ state: 'ready', currentCheck: 'verified' });
    expect((await getEmployee(platform.db, employeeId, 'private'))!.pendingPhotoId).toBeNull();
  });

  it('holds another person for HR, old photo shown meanwhile; HR refuses, then approves a second try', async () => {
    const current = (await getEmployee(platform.db, employeeId, 'private'))!.photoId;
    await replacePhoto(platform, employeeId, employeeId, await stage(await cropJpeg(PERSON_B)));
    const held = await settled(platform, employeeId);
    expect(held).toMatchObject({
      state: 'held',
      current: { photoId: current },
      failureReason: 'The new photo is waiting for HR: it may not be the same person as in the current photo.',
      held: { outcome: 'needs-review' },
    });
    const heldId = held.held!.photoId;
    expect(await isShownToEveryone(platform, (await getEmployee(platform.db, employeeId, 'private'))!, heldId)).toBe(
      false,
    );
    // The watcher leaves it alone, however often it runs.
    await settleFinishedPhotos(platform);
    expect((await getEmployee(platform.db, employeeId, 'private'))!).toMatchObject({
      photoId: current,
      pendingPhotoId: heldId,
    });
    expect(await listHeldPhotos(platform)).toContainEqual(
      expect.objectContaining({ employeeId, photoId: heldId, displayName: 'Vera Verified', outcome: 'needs-review' }),
    );

    const hrId = '00000000-0000-4000-8000-0000000000aa';
    expect(await reviewHeldPhoto(platform, hrId, { employeeId, photoId: heldId, decision: 'refused' })).toMatchObject({
      ok: true,
    });
    expect(await settled(platform, employeeId)).toMatchObject({
      state: 'failed',
      failureReason: 'HR did not accept this photo.',
      current: { photoId: current },
    });
    // HR's activity log says what became of the upload, and who decided: not just that a photo came in.
    const refusedEntries = (await listActivity(metadataTable(platform), employeeId)).entries;
    expect(refusedEntries.filter((entry) => entry.action === 'photo.refused')).toEqual([
      expect.objectContaining({ actorId: hrId, note: 'HR did not accept this photo.' }),
    ]);
    // A second decision on the same photo is refused politely.
    expect(await reviewHeldPhoto(platform, hrId, { employeeId, photoId: heldId, decision: 'approved' })).toMatchObject({
      ok: false,
    });

    await replacePhoto(platform, employeeId, employeeId, await stage(await cropJpeg(PERSON_B)));
    const again = await settled(platform, employeeId);
    expect(again.state).toBe('held');
    await reviewHeldPhoto(platform, hrId, { employeeId, photoId: again.held!.photoId, decision: 'approved' });
    expect((await getEmployee(platform.db, employeeId, 'private'))!.photoId).toBe(again.held!.photoId);
    expect(await getPhotoView(platform, (await getEmployee(platform.db, employeeId, 'private'))!)).toMatchObject({
      state: 'ready',
      currentCheck: 'approved',
    });
    expect(await events(platform, employeeId)).toContainEqual(
      expect.objectContaining({ type: 'employee.photo-ready', faceCheck: 'approved' }),
    );
    const approvedEntries = (await listActivity(metadataTable(platform), employeeId)).entries;
    expect(approvedEntries.filter((entry) => entry.action === 'photo.approved')).toEqual([
      expect.objectContaining({ actorId: hrId }),
    ]);
  });

  it('stages test photos as portraits that pass the check (the other suites rely on it)', async () => {
    const other = await createEmployee(platform, {
      faceCheckAnswer: { answer: 'given', place: 'join' },
      fields: employeeFieldsSchema.parse({
        firstName: 'Paul',
        lastName: 'Portrait',
        workEmail: 'paul@xyz.example',
        jobTitle: 'QA',
        department: 'QA',
      }),
      photo: await stageTestPhoto(),
    });
    expect(await settled(platform, other.id)).toMatchObject({ state: 'ready', currentCheck: 'verified' });
  });
});
