/**
 * After a `kill -9` between s3rver's two writes, the S3 emulator process starts with the torn object gone (as S3
 * never stores an upload that did not complete) and every other object intact and listable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startS3Emulator } from '@shared/local/emulators';
import { createS3Client } from '@shared/aws-clients';
import { removeTornS3rverObjects } from './emulator-process.server';

describe('the S3 emulator after being killed mid-upload', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'torn-s3-'));
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('removes the torn object and serves and lists the rest', async () => {
    const bucket = 'torn-test-photos';
    let emulator = await startS3Emulator({ directory, buckets: [bucket] });
    let s3 = createS3Client({ region: 'us-east-1', endpoint: emulator.endpoint });
    for (const key of ['originals/a/whole', 'originals/b/torn', 'renditions/c/96.webp']) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(`bytes of ${key}`) }));
    }
    s3.destroy();
    await emulator.stop();
    // What a kill between the two writes leaves: the bytes without their metadata.
    fs.rmSync(path.join(directory, 's3', bucket, 'originals/b/torn._S3rver_metadata.json'));
    // Or killed while writing the metadata: an empty file where the JSON should be.
    fs.writeFileSync(path.join(directory, 's3', bucket, 'renditions/c/96.webp._S3rver_metadata.json'), '');

    expect(removeTornS3rverObjects(path.join(directory, 's3')).sort()).toEqual([
      path.join(bucket, 'originals/b/torn'),
      path.join(bucket, 'renditions/c/96.webp'),
    ]);
    emulator = await startS3Emulator({ directory, buckets: [bucket] });
    s3 = createS3Client({ region: 'us-east-1', endpoint: emulator.endpoint });
    try {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
      expect(listed.Contents?.map((object) => object.Key)).toEqual(['originals/a/whole']);
      const whole = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'originals/a/whole' }));
      expect(await whole.Body!.transformToString()).toBe('bytes of originals/a/whole');
    } finally {
      s3.destroy();
      await emulator.stop();
    }
  });
});
