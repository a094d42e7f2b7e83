/**
 * The photo function end to end, the way the local runtime runs it: s3rver's object-created event,
 * normalised to the real S3 shape, drives processS3Event against dynalite.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeS3Key } from '@shared/contracts/s3-event';
import { originalKey } from '@shared/contracts/s3-keys';
import {
  claimPhotoForProcessing,
  deletePhotoRecord,
  getPhoto,
  listPhotosByState,
  recordUploadedPhoto,
  resetPhotoForReprocessing,
} from '@shared/photo-records';
import { startLocalAws, type LocalAws } from '@test-support/aws-emulators';
import {
  BLUE,
  RED,
  animatedGif,
  isClose,
  pixelAt,
  pixelBombPng,
  tinyAvif,
  tinyJpeg,
  tinyPng,
  tinyWebp,
  truncatedJpeg,
} from '@test-support/images';
import { processS3Event, type PhotoOutcome, type PhotoProcessorDeps } from './process-photo';
import { normaliseS3rverEvent } from '@shared/local/s3rver-event';
import { createLogger } from '@shared/logger';
import { createFaceApiVerifier } from '@shared/faces/face-api-verifier';
import { FACE_CHECK_DEFAULTS } from '@shared/faces/face-check-settings';

let aws: LocalAws;
let deps: PhotoProcessorDeps;
const runs = new Map<string, Promise<PhotoOutcome[]>>();
const logLines: Array<{ level: string; message: string; photoId?: string }> = [];

beforeAll(async () => {
  aws = await startLocalAws();
  deps = {
    s3: aws.s3,
    table: aws.table,
    // The real local model; these cases are about the image pipeline (solid colours, broken files), so their
    // photos are recorded as not to be checked. The face check's own cases: process-photo-faces.test.ts.
    faces: {
      verifier: createFaceApiVerifier({
        maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
        minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
      }),
      settings: FACE_CHECK_DEFAULTS,
    },
    log: createLogger({ level: 'debug', write: (line) => logLines.push(JSON.parse(line)) }),
  };
  // The local trigger: s3rver emits before it answers the PUT, so the run is registered by the time the upload returns.
  aws.onS3Event((raw) => {
    const event = normaliseS3rverEvent(raw);
    const run = processS3Event(event, deps);
    run.catch(() => undefined);
    runs.set(decodeS3Key(event.Records[0].s3.object.key), run);
  });
});
afterAll(() => aws?.stop());

async function upload(key: string, body: Buffer): Promise<PhotoOutcome[]> {
  runs.delete(key);
  await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  const run = runs.get(key);
  if (!run) throw new Error(`no object-created event for ${key}`);
  return run;
}

/** What the app does: record the upload, then put the original. */
async function uploadPhoto(body: Buffer) {
  const ids = { employeeId: randomUUID(), photoId: randomUUID() };
  await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
  const key = originalKey(ids.employeeId, ids.photoId);
  const [outcome] = await upload(key, body);
  return { ids, key, outcome, record: await getPhoto(aws.table, ids) };
}

const getObject = async (key: string) => {
  const object = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: key }));
  return { object, body: Buffer.from(await object.Body!.transformToByteArray()) };
};
const listKeys = async (prefix: string) =>
  ((await aws.s3.send(new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: prefix }))).Contents ?? [])
    .map((o) => o.Key!)
    .sort();

const s3EventFor = (key: string, eventName = 'ObjectCreated:Put') => ({
  Records: [{ eventSource: 'aws:s3', eventName, s3: { bucket: { name: aws.bucket }, object: { key } } }],
});

describe('photo function through the local S3 trigger', () => {
  it.each([
    ['JPEG', tinyJpeg, 'jpeg'],
    ['PNG', tinyPng, 'png'],
    ['WebP', tinyWebp, 'webp'],
    ['AVIF', tinyAvif, 'avif'],
    ['animated GIF', animatedGif, 'gif'],
  ] as const)('turns an uploaded %s into six ready renditions', async (_name, make, format) => {
    const { ids, outcome, record } = await uploadPhoto(await make());
    expect(outcome.status).toBe('ready');
    expect(record).toMatchObject({ state: 'ready', format, attempt: 1 });
    expect(record!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record!.renditions).toHaveLength(6);
    const prefix = `renditions/${ids.employeeId}/${ids.photoId}/`;
    expect(await listKeys(prefix)).toEqual(
      ['256.jpg', '256.webp', '512.jpg', '512.webp', '96.jpg', '96.webp'].map((name) => prefix + name),
    );
    for (const rendition of record!.renditions) {
      const { object, body } = await getObject(rendition.key);
      expect(object.ContentType).toBe(rendition.format === 'webp' ? 'image/webp' : 'image/jpeg');
      expect(object.CacheControl).toBe('public, max-age=31536000, immutable');
      expect(body.length).toBe(rendition.bytes);
      const meta = await sharp(body).metadata();
      expect([meta.width, meta.height]).toEqual([rendition.size, rendition.size]);
      expect([rendition.width, rendition.height]).toEqual([rendition.size, rendition.size]);
    }
  });

  it('stores the EXIF-rotated, GPS-tagged JPEG upright and without its metadata', async () => {
    const fixture = readFileSync(new URL('../../test-support/fixtures/exif-orientation-6-gps.jpg', import.meta.url));
    const { record } = await uploadPhoto(fixture);
    expect(record).toMatchObject({ state: 'ready', width: 400, height: 600, bytes: fixture.length });
    const { body } = await getObject(record!.renditions.find((r) => r.size === 256 && r.format === 'jpeg')!.key);
    const meta = await sharp(body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(body.includes(Buffer.from('FixtureCam'))).toBe(false);
    expect(isClose(await pixelAt(body, 2, 128), BLUE)).toBe(true);
    expect(isClose(await pixelAt(body, 253, 128), RED)).toBe(true);
  });

  it.each([
    ['a text file named .jpg', () => Buffer.from('this is not a photo'), /not an image we can read/],
    ['a truncated JPEG', truncatedJpeg, /damaged or incomplete/],
    ['a pixel bomb', () => pixelBombPng(), /900 megapixels/],
  ] as const)(
    'marks %s failed with a reason, returns normally, and writes no renditions',
    async (_name, make, reason) => {
      const { ids, outcome, record } = await uploadPhoto(await make());
      expect(outcome.status).toBe('failed');
      expect(record!.state).toBe('failed');
      expect(record!.failureReason).toMatch(reason);
      expect(record!.renditions).toEqual([]);
      expect(await listKeys(`renditions/${ids.employeeId}/${ids.photoId}/`)).toEqual([]);
      expect(logLines.some((l) => l.level === 'warn' && l.photoId === ids.photoId)).toBe(true);
    },
  );

  it('finds the failed photos through the state index', async () => {
    const { ids } = await uploadPhoto(Buffer.from('GIF89a but not really'));
    const failed = (await listPhotosByState(aws.table, 'failed', { limit: 100 })).photos;
    expect(failed.map((p) => p.photoId)).toContain(ids.photoId);
    expect(failed.find((p) => p.photoId === ids.photoId)?.failureReason).toBeTruthy();
  });

  it('gives the same result, and rewrites nothing, when the same event is delivered again', async () => {
    const { ids, key, record } = await uploadPhoto(await tinyJpeg());
    const before = await aws.s3.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: record!.renditions[0].key }));
    const [again] = await processS3Event(s3EventFor(key), deps);
    expect(again).toMatchObject({ status: 'skipped', reason: 'already-processed' });
    const after = await getPhoto(aws.table, ids);
    expect(after).toEqual(record); // same version, same updatedAt, same renditions
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket: aws.bucket, Key: record!.renditions[0].key }));
    expect(head.LastModified).toEqual(before.LastModified);
  });

  it('processes a failed photo again after an operator resets it, and not before', async () => {
    const { ids, key } = await uploadPhoto(Buffer.from('not an image'));
    const [repeat] = await processS3Event(s3EventFor(key), deps);
    expect(repeat).toMatchObject({ status: 'skipped', reason: 'already-processed' });
    expect(await resetPhotoForReprocessing(aws.table, ids)).toMatchObject({ state: 'uploaded' });
    expect(await resetPhotoForReprocessing(aws.table, ids)).toBeNull(); // only from failed or ready
    const [redriven] = await processS3Event(s3EventFor(key), deps);
    expect(redriven).toMatchObject({ status: 'failed', record: { attempt: 2 } });
  });

  it('processes again when the original at the same key has new content', async () => {
    const { ids, key, record } = await uploadPhoto(await tinyJpeg(64, 48, RED));
    const [outcome] = await upload(key, await tinyJpeg(64, 48, BLUE));
    expect(outcome.status).toBe('ready');
    const after = await getPhoto(aws.table, ids);
    expect(after!.contentHash).not.toBe(record!.contentHash);
    expect(after!.attempt).toBe(2);
    const { body } = await getObject(after!.renditions[0].key);
    expect(isClose(await pixelAt(body, 10, 10), BLUE)).toBe(true);
  });

  it('ignores its own rendition writes and any key outside originals/', async () => {
    const outcomes = await upload('renditions/x/y/96.webp', await tinyWebp());
    expect(outcomes).toEqual([{ status: 'ignored', key: 'renditions/x/y/96.webp', reason: 'not-an-original' }]);
    const spaced = await upload('uploads/My Photo+1.jpg', await tinyJpeg());
    expect(spaced).toEqual([{ status: 'ignored', key: 'uploads/My Photo+1.jpg', reason: 'not-an-original' }]);
    // A file named like an original but not made of ids never gets a record or renditions.
    expect((await upload('originals/../../etc/passwd', Buffer.from('x')))[0].status).toBe('ignored');
  });

  it('decodes URL-encoded keys as S3 sends them', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    const key = originalKey(ids.employeeId, ids.photoId);
    // Put without the local trigger's help (a different client path would do the same): then send the event by hand.
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: await tinyPng() }));
    await runs.get(key);
    const encoded = key.replace(/\//g, '%2F');
    const [outcome] = await processS3Event(s3EventFor(encoded), deps);
    expect(outcome).toMatchObject({ key, status: 'skipped', reason: 'already-processed' });
  });

  it('skips an original that has no photo record (an orphan) without creating one', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    const [outcome] = await upload(originalKey(ids.employeeId, ids.photoId), await tinyJpeg());
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'no-record' });
    expect(await getPhoto(aws.table, ids)).toBeNull();
  });

  it('removes the renditions it wrote when the photo is deleted while it works (an undone sign-up)', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    const key = originalKey(ids.employeeId, ids.photoId);
    // Original first, record second: the local trigger's run finds no record and leaves the photo to this test.
    await upload(key, await tinyJpeg());
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    // The app's undo runs between the claim and the first rendition write: it deletes the record.
    let withdrawn = false;
    const withdrawing = {
      send: async (command: unknown) => {
        if (!withdrawn && command instanceof PutObjectCommand && command.input.Key?.startsWith('renditions/')) {
          withdrawn = true;
          await deletePhotoRecord(aws.table, ids);
        }
        return aws.s3.send(command as PutObjectCommand);
      },
    } as unknown as S3Client;
    const [outcome] = await processS3Event(s3EventFor(key), { ...deps, s3: withdrawing });
    expect(withdrawn).toBe(true);
    expect(outcome).toMatchObject({ status: 'skipped', reason: 'no-record' });
    expect(await listKeys(`renditions/${ids.employeeId}/`)).toEqual([]);
    expect(await getPhoto(aws.table, ids)).toBeNull();
  });

  it('ignores object-removed events and the s3:TestEvent', async () => {
    const [removed] = await processS3Event(s3EventFor('originals/a/b', 'ObjectRemoved:Delete'), deps);
    expect(removed.status).toBe('ignored');
    expect(await processS3Event({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: aws.bucket }, deps)).toEqual([]);
  });

  it('throws on a transient S3 failure (so Lambda retries) and leaves the photo retryable, not failed', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    const key = originalKey(ids.employeeId, ids.photoId);
    const unreachable = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:9', // discard port: connection refused
      forcePathStyle: true,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    await expect(processS3Event(s3EventFor(key), { ...deps, s3: unreachable })).rejects.toThrow();
    expect((await getPhoto(aws.table, ids))!.state).toBe('uploaded');
    // The retry, with S3 back, succeeds.
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: await tinyJpeg() }));
    await runs.get(key);
    expect((await getPhoto(aws.table, ids))!.state).toBe('ready');
  });

  it('gives up its claim when a rendition write fails, so the retry need not wait out the lease', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    const key = originalKey(ids.employeeId, ids.photoId);
    const realS3 = deps.s3;
    // S3 answers reads but refuses the rendition writes, as during an outage.
    deps.s3 = {
      send: (command: unknown) =>
        command instanceof PutObjectCommand && command.input.Key?.startsWith('renditions/')
          ? Promise.reject(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }))
          : realS3.send(command as never),
    } as unknown as S3Client;
    try {
      await expect(upload(key, await tinyJpeg())).rejects.toThrow('Service Unavailable');
    } finally {
      deps.s3 = realS3;
    }
    const stuck = (await getPhoto(aws.table, ids))!;
    expect(stuck.state).toBe('processing');
    expect(stuck.leaseExpiresAt! <= new Date().toISOString()).toBe(true);
    const [retry] = await processS3Event(s3EventFor(key), deps);
    expect(retry.status).toBe('ready');
    expect((await getPhoto(aws.table, ids))!.attempt).toBe(2);
  });

  it('marks a photo failed after three tries died without finishing, instead of leaving it processing', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    const key = originalKey(ids.employeeId, ids.photoId);
    runs.delete(key);
    // Three invocations claimed it and vanished (timeouts); their leases have lapsed.
    for (let i = 0; i < 3; i++) {
      await claimPhotoForProcessing(aws.table, ids, { leaseSeconds: 1 }, new Date(Date.now() - 60_000 + i * 5_000));
    }
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: await tinyJpeg() }));
    const [outcome] = await runs.get(key)!;
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/stopped without finishing 3 times/),
    });
  });

  it('keeps processing a photo whose content changed many times (finished tries do not count)', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    const key = originalKey(ids.employeeId, ids.photoId);
    for (const colour of [RED, BLUE, RED, BLUE, RED]) {
      const [outcome] = await upload(key, await tinyJpeg(30, 30, colour));
      expect(outcome.status).toBe('ready');
    }
    expect((await getPhoto(aws.table, ids))!.attempt).toBe(5);
  });

  it('throws when another invocation holds a live claim, so the event is retried later', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: 'demo-not-checked' });
    await claimPhotoForProcessing(aws.table, ids, { leaseSeconds: 300 });
    await expect(processS3Event(s3EventFor(originalKey(ids.employeeId, ids.photoId)), deps)).rejects.toMatchObject({
      name: 'PhotoInProgressError',
    });
  });
});
