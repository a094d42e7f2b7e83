/**
 * The S3 emulator's redelivery door, on s3rver on disk: an object is announced as created again to the event
 * listeners (the photo trigger), with the key and size a PUT's event carries, and none of its files is written,
 * so a kill at any moment cannot tear it. A missing object and a malformed request are refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../aws-clients';
import { startS3Emulator, type S3Emulator, type S3rverObjectEvent } from './emulators';
import { normaliseS3rverEvent } from './s3rver-event';
import { REDELIVERY_PATH, requestRedelivery } from './s3rver-redelivery';

describe("the S3 emulator's redelivery door", () => {
  const bucket = 'redelivery-test-photos';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'redelivery-s3-'));
  let emulator: S3Emulator;
  const events: S3rverObjectEvent[] = [];

  beforeAll(async () => {
    emulator = await startS3Emulator({ directory, buckets: [bucket] });
    emulator.onS3Event((event) => events.push(event));
  });
  afterAll(async () => {
    await emulator?.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  /** s3rver's files for one object: their bytes and modification times. */
  function filesOf(key: string) {
    const base = path.join(directory, 's3', bucket, key);
    return ['._S3rver_object', '._S3rver_object.md5', '._S3rver_metadata.json'].map((suffix) => {
      const file = base + suffix;
      return { file: suffix, bytes: fs.readFileSync(file).toString('base64'), mtimeMs: fs.statSync(file).mtimeMs };
    });
  }

  it('announces a stored object again without writing any of its files', async () => {
    const key = 'originals/with space/photo+1';
    const body = Buffer.from('the only copy of an original');
    const s3 = createS3Client({ region: 'us-east-1', endpoint: emulator.endpoint });
    try {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: { kept: 'yes' } }));
    } finally {
      s3.destroy();
    }
    const before = filesOf(key);
    events.length = 0;

    expect(await requestRedelivery(emulator.endpoint, { bucket, key }, { timeoutMs: 2_000 })).toBe('redelivered');

    expect(events).toHaveLength(1);
    const [record] = normaliseS3rverEvent(events[0]).Records;
    expect(record.eventName).toBe('ObjectCreated:Put');
    expect(record.s3.bucket).toMatchObject({ name: bucket, arn: `arn:aws:s3:::${bucket}` });
    // Encoded as real S3 encodes keys in events, after the same normalisation a PUT's event goes through.
    expect(record.s3.object).toMatchObject({ key: 'originals/with+space/photo%2B1', size: body.length });
    expect(filesOf(key)).toEqual(before);
  });

  it('answers "missing" for an object it does not hold, and raises no event', async () => {
    events.length = 0;
    expect(
      await requestRedelivery(emulator.endpoint, { bucket, key: 'originals/never/uploaded' }, { timeoutMs: 2_000 }),
    ).toBe('missing');
    expect(events).toHaveLength(0);
  });

  it('refuses a request without a key with a 400, and a dead emulator is an error, not a wait', async () => {
    const response = await fetch(new URL(`${REDELIVERY_PATH}?bucket=${bucket}`, emulator.endpoint), { method: 'POST' });
    expect(response.status).toBe(400);
    await expect(
      requestRedelivery('http://127.0.0.1:9', { bucket, key: 'originals/a/b' }, { timeoutMs: 1_000 }),
    ).rejects.toThrow();
  });
});
