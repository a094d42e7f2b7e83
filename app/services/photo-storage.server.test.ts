/**
 * Deleting a photo while the photo function may still be finishing it leaves no rendition behind.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { renditionKey } from '@shared/contracts/s3-keys';
import { keysUnder, startTestPlatform, type TestPlatform } from '@test-support/platform';
import { beforeFirstCommand, dropConnectionAfterBody } from '@test-support/fault-injection';
import { stageTestPhoto } from '@test-support/photos';
import { getPhoto } from '@shared/photo-records';
import { originalKey } from '@shared/contracts/s3-keys';
import { deletePhoto, storeOriginal } from './photo-storage.server';
import { metadataTable } from '@shared/metadata-table';

describe('storing an original', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('survives a connection dropped mid-upload: sent again whole, from a fresh read of the file', async () => {
    const staged = await stageTestPhoto();
    const bytes = fs.readFileSync(staged.path);
    // The SDK itself never retries a streamed body: storeOriginal must send it again from the file.
    const hangUp = dropConnectionAfterBody(platform.s3, 'PutObjectCommand');
    try {
      const photo = await storeOriginal(platform, randomUUID(), staged);
      const stored = await platform.s3.send(
        new GetObjectCommand({ Bucket: platform.bucket, Key: originalKey(photo.employeeId, photo.photoId) }),
      );
      expect(hangUp.hits).toBe(1);
      expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(bytes)).toBe(true);
      expect(await getPhoto(metadataTable(platform), photo)).not.toBeNull();
    } finally {
      hangUp.remove();
      await staged.discard();
    }
  });
});

describe('deleting a photo', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    // No trigger: the test plays the photo function's late write itself, at the worst moment.
    platform = await startTestPlatform({ photoTrigger: false });
  });
  afterAll(async () => platform?.close());

  it('removes renditions the photo function writes after the first listing', async () => {
    const photo = await storeOriginal(platform, randomUUID(), await stageTestPhoto());
    const late = renditionKey(photo.employeeId, photo.photoId, 256, 'webp');
    // Just after deletePhoto has listed the renditions (there were none), the function finishes and writes one.
    const lateWrite = beforeFirstCommand(platform.s3, 'DeleteObjectCommand', () =>
      platform.s3.send(new PutObjectCommand({ Bucket: platform.bucket, Key: late, Body: 'late' })),
    );
    try {
      await deletePhoto(platform, photo);
    } finally {
      lateWrite.remove();
    }
    expect(lateWrite.hits).toBe(1);
    expect(await keysUnder(platform, `renditions/${photo.employeeId}/`)).toEqual([]);
    expect(await keysUnder(platform, `originals/${photo.employeeId}/`)).toEqual([]);
    expect(await getPhoto(metadataTable(platform), photo)).toBeNull();
  });
});
