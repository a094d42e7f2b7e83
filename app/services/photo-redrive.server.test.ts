/**
 * A photo whose S3 event was lost (here: the original arrived before its record, so the real photo function
 * skipped it, exactly the state a lost event leaves) is processed after the redrive; a photo still within its
 * grace period and a record without an original are left alone.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPhoto, recordUploadedPhoto } from '@shared/photo-records';
import { originalKey } from '@shared/contracts/s3-keys';
import { startTestPlatform, type TestPlatform } from '@test-support/platform';
import { PERSON_A, cropJpeg } from '@test-support/face-samples';
import { photoTable } from './photo-storage.server';
import { redriveStuckPhotos } from './photo-redrive.server';

describe('redriving photos whose processing never happened', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: true });
  });
  afterAll(async () => {
    await platform?.close();
  });

  async function waitForState(ids: { employeeId: string; photoId: string }, state: string, attempts = 100) {
    for (let i = 0; i < attempts; i += 1) {
      if ((await getPhoto(photoTable(platform), ids))?.state === state) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  it('sends a stuck upload through the photo function again, once it is older than the grace period', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    // A real face, so that the face check lets it through to 'ready' (a plain image would end 'failed').
    const bytes = await cropJpeg(PERSON_A);
    await platform.s3.send(
      new PutObjectCommand({ Bucket: platform.bucket, Key: originalKey(ids.employeeId, ids.photoId), Body: bytes }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300)); // the function sees the event and skips it: no record
    await recordUploadedPhoto(photoTable(platform), { ...ids, bytes: bytes.length, declaredContentType: 'image/jpeg' });

    expect(await redriveStuckPhotos(platform, { stuckAfterMs: 60_000 })).toEqual({ redriven: 0 });
    expect(await waitForState(ids, 'ready', 15)).toBe(false);

    const later = new Date(Date.now() + 61_000);
    expect(await redriveStuckPhotos(platform, { stuckAfterMs: 60_000, now: later })).toEqual({ redriven: 1 });
    expect(await waitForState(ids, 'ready', 250)).toBe(true); // the face model loads on its first photo
  }, 60_000);

  it('leaves a record without an original for the orphan sweep', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(photoTable(platform), { ...ids, bytes: 10 });
    const later = new Date(Date.now() + 61_000);
    const result = await redriveStuckPhotos(platform, { stuckAfterMs: 60_000, now: later });
    expect(result.redriven).toBe(0);
    expect((await getPhoto(photoTable(platform), ids))?.state).toBe('uploaded');
  });
});
