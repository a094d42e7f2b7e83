/**
 * Deleting a photo while the photo function may still be finishing it leaves no rendition behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { renditionKey } from '~/contracts/s3-keys';
import { startTestPlatform, type TestPlatform } from '~/test-support/platform.server';
import { stageTestPhoto } from '~/test-support/photos.server';
import { getPhoto } from '../../functions/shared/photo-records';
import { deletePhoto, photoTable, storeOriginal } from './photo-storage.server';

async function keysUnder(platform: TestPlatform, prefix: string): Promise<string[]> {
  const listed = await platform.s3.send(new ListObjectsV2Command({ Bucket: platform.bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

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
    const middleware = 'late-rendition';
    let written = false;
    platform.s3.middlewareStack.add(
      (next, context) => async (args) => {
        if (!written && context.commandName === 'DeleteObjectCommand') {
          written = true;
          await platform.s3.send(new PutObjectCommand({ Bucket: platform.bucket, Key: late, Body: 'late' }));
        }
        return next(args);
      },
      { step: 'initialize', name: middleware },
    );
    try {
      await deletePhoto(platform, photo);
    } finally {
      platform.s3.middlewareStack.remove(middleware);
    }
    expect(written).toBe(true);
    expect(await keysUnder(platform, `renditions/${photo.employeeId}/`)).toEqual([]);
    expect(await keysUnder(platform, `originals/${photo.employeeId}/`)).toEqual([]);
    expect(await getPhoto(photoTable(platform), photo)).toBeNull();
  });
});
