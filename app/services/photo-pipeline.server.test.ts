/**
 * The local photo path is the Lambda path: an original written to the S3 emulator fires its object-created
 * event, which runs the photo function's handler logic in-process; the profile then shows the renditions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { keysUnder, startTestPlatform, type TestPlatform } from '@test-support/platform';
import { stageTestPhoto } from '@test-support/photos';
import { employeeFieldsSchema } from '~/models/employee-fields';
import { getEmployee } from '~/models/employee.server';
import { createEmployee, replacePhoto } from './employees.server';
import { getPhotoView, type PhotoView } from './photo-view.server';
import { settleFinishedPhotos } from './photo-watcher.server';
import { getPhotoStates } from './photo-state.server';
import { getPhoto } from '@shared/photo-records';
import { metadataTable } from '@shared/metadata-table';
import { photoUrl } from '~/utils/photo-url';

async function waitForPhoto(platform: TestPlatform, employeeId: string, timeoutMs = 20_000): Promise<PhotoView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // What the primary process does every second: the page itself only reads.
    await settleFinishedPhotos(platform);
    const employee = (await getEmployee(platform.db, employeeId, 'private'))!;
    const view = await getPhotoView(platform, employee);
    if (view.state === 'ready' && !(await getEmployee(platform.db, employeeId, 'private'))!.pendingPhotoId) return view;
    if (view.state === 'failed' || Date.now() > deadline) return view;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('photo pipeline through the S3 emulator events', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: true });
  });
  afterAll(async () => platform?.close());

  it('turns a 12-megapixel JPEG into square renditions and shows them on the profile', async () => {
    const photo = await stageTestPhoto({ width: 4000, height: 3000 });
    const employee = await createEmployee(platform, {
      // The person agreed to the face check (docs/decisions/206-face-check-consent.md).
      faceCheckAnswer: { answer: 'given', place: 'join' },
      fields: employeeFieldsSchema.parse({
        firstName: 'Pia',
        lastName: 'Pixel',
        workEmail: 'pia@xyz.example',
        jobTitle: 'Photographer',
        department: 'Design',
      }),
      photo,
    });
    const view = await waitForPhoto(platform, employee.id);
    expect(view.state).toBe('ready');
    expect(view.current && photoUrl(view.current, 256, 'webp')).toBe(
      `/photos/${employee.id}/${employee.pendingPhotoId}/256.webp`,
    );
    const keys = await keysUnder(platform, `renditions/${employee.id}/`);
    expect(keys.map((key) => key.split('/').pop())).toEqual([
      '256.jpg',
      '256.webp',
      '512.jpg',
      '512.webp',
      '96.jpg',
      '96.webp',
    ]);
    const object = await platform.s3.send(
      new GetObjectCommand({
        Bucket: platform.bucket,
        Key: `renditions/${employee.id}/${employee.pendingPhotoId}/512.webp`,
      }),
    );
    const meta = await sharp(Buffer.from(await object.Body!.transformToByteArray())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 512, height: 512 });
    expect((await getEmployee(platform.db, employee.id, 'public'))?.photoId).toBe(employee.pendingPhotoId);
  });

  it('puts a finished photo on the profile without anyone opening it (the directory reads only the database)', async () => {
    const employee = await createEmployee(platform, {
      faceCheckAnswer: { answer: 'given', place: 'join' },
      fields: employeeFieldsSchema.parse({
        firstName: 'Dee',
        lastName: 'Directory',
        workEmail: 'dee@xyz.example',
        jobTitle: 'QA',
        department: 'QA',
      }),
      photo: await stageTestPhoto(),
    });
    const ids = { employeeId: employee.id, photoId: employee.pendingPhotoId! };
    for (let i = 0; i < 200 && (await getPhoto(metadataTable(platform), ids))?.state !== 'ready'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await getEmployee(platform.db, employee.id, 'public'))?.photoId).toBeNull();
    // What a page polls (api.photo-state): "ready", with the new photo, before the watcher has promoted it;
    // an unknown id is left out rather than failing the whole answer.
    expect(await getPhotoStates(platform, [employee.id, '00000000-0000-4000-8000-000000000000'])).toEqual([
      { employeeId: employee.id, state: 'ready', failureReason: null, photoId: ids.photoId },
    ]);
    expect((await settleFinishedPhotos(platform)).ready).toBeGreaterThanOrEqual(1);
    expect(await getEmployee(platform.db, employee.id, 'public')).toMatchObject({
      photoId: ids.photoId,
      pendingPhotoId: null,
    });
  });

  it('replaces a photo: the old one stays until the new one is ready, then its objects are removed', async () => {
    const employee = await createEmployee(platform, {
      faceCheckAnswer: { answer: 'given', place: 'join' },
      fields: employeeFieldsSchema.parse({
        firstName: 'Rex',
        lastName: 'Replace',
        workEmail: 'rex@xyz.example',
        jobTitle: 'QA',
        department: 'QA',
      }),
      photo: await stageTestPhoto(),
    });
    await waitForPhoto(platform, employee.id);
    const oldPhotoId = employee.pendingPhotoId!;
    const stored = await replacePhoto(
      platform,
      employee.id,
      employee.id,
      await stageTestPhoto({ width: 800, height: 600 }),
    );
    const view = await waitForPhoto(platform, employee.id);
    expect(view.state).toBe('ready');
    expect(view.current && photoUrl(view.current, 96, 'jpeg')).toContain(stored.photoId);
    expect(await keysUnder(platform, `renditions/${employee.id}/${oldPhotoId}/`)).toEqual([]);
    expect(await keysUnder(platform, `originals/${employee.id}/${oldPhotoId}`)).toEqual([]);
    expect(await keysUnder(platform, `renditions/${employee.id}/${stored.photoId}/`)).toHaveLength(6);
  });

  it('shows an unreadable image as failed with its reason, keeping the photo the profile had', async () => {
    const employee = await createEmployee(platform, {
      faceCheckAnswer: { answer: 'given', place: 'join' },
      fields: employeeFieldsSchema.parse({
        firstName: 'Fay',
        lastName: 'Failure',
        workEmail: 'fay@xyz.example',
        jobTitle: 'QA',
        department: 'QA',
      }),
      photo: await stageTestPhoto(),
    });
    await waitForPhoto(platform, employee.id);
    // Passes the upload check (a readable header) but its pixel data is cut off: only decoding finds out.
    const staged = await stageTestPhoto({ width: 1200, height: 900 });
    const fs = await import('node:fs');
    const bytes = fs.readFileSync(staged.path);
    fs.writeFileSync(staged.path, bytes.subarray(0, Math.floor(bytes.length / 3)));
    await replacePhoto(platform, employee.id, employee.id, { ...staged, bytes: Math.floor(bytes.length / 3) });
    const view = await waitForPhoto(platform, employee.id);
    expect(view.state).toBe('failed');
    expect(view.failureReason).toBeTruthy();
    expect(view.current && photoUrl(view.current, 96, 'webp')).toContain(employee.pendingPhotoId!);
  });
});
