/**
 * A photo whose S3 event was lost (here: the original arrived before its record, so the real photo function
 * skipped it, exactly the state a lost event leaves) is processed after the redrive, and its original is left as
 * it was (locally the redrive writes nothing to the store: a rewrite of the only copy once lost it); a photo still
 * within its grace period and a record without an original are left alone.
 */
import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePhotoRecord, getPhoto, recordUploadedPhoto } from '@shared/photo-records';
import { originalKey, renditionPrefix } from '@shared/contracts/s3-keys';
import { keysUnder, startTestPlatform, type TestPlatform } from '@test-support/platform';
import { PERSON_A, cropJpeg } from '@test-support/face-samples';
import { redriveStuckPhotos } from './photo-redrive.server';
import { metadataTable } from '@shared/metadata-table';

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
      if ((await getPhoto(metadataTable(platform), ids))?.state === state) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  async function originalAsStored(key: string) {
    const head = await platform.s3.send(new HeadObjectCommand({ Bucket: platform.bucket, Key: key }));
    const object = await platform.s3.send(new GetObjectCommand({ Bucket: platform.bucket, Key: key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    return { bytes, eTag: head.ETag, lastModified: head.LastModified, metadata: head.Metadata };
  }

  it('sends a stuck upload through the photo function again, once it is older than the grace period', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    const key = originalKey(ids.employeeId, ids.photoId);
    // A real face, so that the face check lets it through to 'ready' (a plain image would end 'failed').
    const bytes = await cropJpeg(PERSON_A);
    await platform.s3.send(
      new PutObjectCommand({ Bucket: platform.bucket, Key: key, Body: bytes, Metadata: { uploader: 'join-form' } }),
    );
    const before = await originalAsStored(key);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the function sees the event and skips it: no record
    await recordUploadedPhoto(metadataTable(platform), {
      ...ids,
      bytes: bytes.length,
      declaredContentType: 'image/jpeg',
    });

    expect(await redriveStuckPhotos(platform, { stuckAfterMs: 60_000 })).toEqual({ redriven: 0 });
    expect(await waitForState(ids, 'ready', 15)).toBe(false);

    const later = new Date(Date.now() + 61_000);
    expect(await redriveStuckPhotos(platform, { stuckAfterMs: 60_000, now: later })).toEqual({ redriven: 1 });
    expect(await waitForState(ids, 'ready', 250)).toBe(true); // the face model loads on its first photo
    expect(await keysUnder(platform, renditionPrefix(ids.employeeId, ids.photoId))).toHaveLength(6);
    // The original was announced again, not rewritten: same bytes, same metadata, same time.
    const after = await originalAsStored(key);
    expect(after.bytes.equals(bytes)).toBe(true);
    expect(after).toEqual(before);
  }, 60_000);

  it('leaves a record without an original for the orphan sweep', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(metadataTable(platform), { ...ids, bytes: 10 });
    const later = new Date(Date.now() + 61_000);
    const result = await redriveStuckPhotos(platform, { stuckAfterMs: 60_000, now: later });
    expect(result.redriven).toBe(0);
    expect((await getPhoto(metadataTable(platform), ids))?.state).toBe('uploaded');
  });
});

describe('a photo that stays stuck', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // No photo function: every announcement goes unanswered, as when a long queue holds the photo.
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('is announced again after twice the wait each time, not at every tick, and forgotten once it settles', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    const key = originalKey(ids.employeeId, ids.photoId);
    await recordUploadedPhoto(metadataTable(platform), { ...ids, bytes: 3, declaredContentType: 'image/jpeg' });
    await platform.s3.send(new PutObjectCommand({ Bucket: platform.bucket, Key: key, Body: 'jpg' }));
    const memory = new Map();
    const start = Date.now();
    const tick = async (seconds: number) =>
      (await redriveStuckPhotos(platform, { stuckAfterMs: 30_000, memory, now: new Date(start + seconds * 1000) }))
        .redriven;

    // Stuck after 30 s; then announced at 31 s, 31 + 60 s, 91 + 120 s: a tick every 15 s in between sends nothing.
    const announcedAt: number[] = [];
    for (let seconds = 0; seconds <= 240; seconds += 15)
      if ((await tick(seconds + 1)) > 0) announcedAt.push(seconds + 1);
    expect(announcedAt).toEqual([31, 91, 211]);

    await platform.s3.send(new DeleteObjectCommand({ Bucket: platform.bucket, Key: key }));
    await deletePhotoRecord(metadataTable(platform), ids);
    await tick(300);
    expect(memory.size).toBe(0);
  });
});
