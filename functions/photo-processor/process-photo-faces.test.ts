/**
 * The face check inside the photo function, with the real local model on real photographs (the samples shipped
 * in @vladmandic/face-api), on the S3 and DynamoDB emulators: what is recorded, what is rendered, what waits.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originalKey } from '@shared/contracts/s3-keys';
import { faceImageFromFile } from '@shared/faces/decode-for-faces';
import { createFaceApiVerifier, loadFaceModel } from '@shared/faces/face-api-verifier';
import { FACE_CHECK_DEFAULTS } from '@shared/faces/face-check-settings';
import { FaceCheckUnavailableError, type FaceVerifier } from '@shared/faces/face-verifier';
import { getPhoto, recordUploadedPhoto } from '@shared/photo-records';
import { startLocalAws, type LocalAws } from '@test-support/aws-emulators';
import {
  PERSON_A,
  PERSON_A_WIDER,
  PERSON_B,
  cropJpeg,
  darkJpeg,
  groupJpeg,
  noiseJpeg,
} from '@test-support/face-samples';
import { pixelBombPng, truncatedJpeg } from '@test-support/images';
import { processS3Event, type PhotoProcessorDeps } from './process-photo';

let aws: LocalAws;
const model = createFaceApiVerifier({
  maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
  minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
});

/** The real model, counting the calls that reach it. */
function countingVerifier(inner: FaceVerifier) {
  const calls = { detect: 0 };
  const verifier: FaceVerifier = {
    ...inner,
    detectFaces: (image) => {
      calls.detect += 1;
      return inner.detectFaces(image);
    },
  };
  return { verifier, calls };
}

const depsWith = (verifier: FaceVerifier, waits: number[] = []): PhotoProcessorDeps => ({
  s3: aws.s3,
  table: aws.table,
  faces: {
    verifier,
    settings: FACE_CHECK_DEFAULTS,
    sleep: async (ms) => {
      waits.push(ms);
    },
  },
});

beforeAll(async () => {
  aws = await startLocalAws({ tableName: 'face-check-table' });
  await loadFaceModel();
}, 120_000);
afterAll(() => aws?.stop());

async function uploadFor(employeeId: string, body: Buffer, deps: PhotoProcessorDeps = depsWith(model)) {
  const ids = { employeeId, photoId: randomUUID() };
  await recordUploadedPhoto(aws.table, ids);
  const key = originalKey(ids.employeeId, ids.photoId);
  await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
  const event = {
    Records: [
      { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: aws.bucket }, object: { key } } },
    ],
  };
  const [outcome] = await processS3Event(event, deps);
  return { ids, outcome, record: (await getPhoto(aws.table, ids))! };
}

const renditionKeys = async (ids: { employeeId: string; photoId: string }) =>
  (
    (
      await aws.s3.send(
        new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: `renditions/${ids.employeeId}/${ids.photoId}/` }),
      )
    ).Contents ?? []
  ).map((o) => o.Key!);

describe('the face check in the photo function (real local model)', { timeout: 120_000 }, () => {
  it('verifies a first photo with one face, keeps its descriptor on the record and renders it', async () => {
    const { outcome, record, ids } = await uploadFor(randomUUID(), await cropJpeg(PERSON_A));
    expect(outcome.status).toBe('ready');
    expect(record.faceCheck).toMatchObject({ outcome: 'verified', checkedBy: 'face-api' });
    expect(record.faceCheck!.comparedWithPhotoId).toBeUndefined();
    expect(record.faceReference).toMatchObject({ kind: 'descriptor' });
    expect(await renditionKeys(ids)).toHaveLength(6);
  });

  it('rejects no face, several faces and a dark photo with the reason shown to the person; renders nothing', async () => {
    const cases = [
      [await noiseJpeg(), 'We could not find a face in this photo.'],
      [await groupJpeg(), 'There are several people in this photo.'],
      [await darkJpeg(), 'The photo is too dark or blurred.'],
    ] as const;
    for (const [body, reason] of cases) {
      const { outcome, record, ids } = await uploadFor(randomUUID(), body);
      expect(outcome).toMatchObject({ status: 'failed', reason });
      expect(record).toMatchObject({
        state: 'failed',
        failureReason: reason,
        faceCheck: { outcome: 'rejected', reason },
      });
      expect(record.faceReference).toBeUndefined();
      expect(await renditionKeys(ids)).toEqual([]);
    }
  });

  it('lets a replacement of the same person through, and holds another person for HR with its renditions', async () => {
    const employeeId = randomUUID();
    const first = await uploadFor(employeeId, await cropJpeg(PERSON_A));
    expect(first.record.faceCheck?.outcome).toBe('verified');

    const same = await uploadFor(employeeId, await cropJpeg(PERSON_A_WIDER));
    expect(same.record.faceCheck).toMatchObject({ outcome: 'verified', comparedWithPhotoId: first.ids.photoId });
    expect(same.record.faceCheck!.similarity).toBeGreaterThan(55);

    const other = await uploadFor(employeeId, await cropJpeg(PERSON_B));
    expect(other.record).toMatchObject({
      state: 'ready',
      faceCheck: { outcome: 'needs-review', reason: 'This may not be the same person as in the current photo.' },
    });
    expect(other.record.faceCheck!.similarity).toBeLessThan(55);
    // HR sees it side by side with the current one, so it is rendered; the verified photo is untouched.
    expect(await renditionKeys(other.ids)).toHaveLength(6);
    expect((await getPhoto(aws.table, first.ids))!.faceCheck?.outcome).toBe('verified');
  });

  it('retries a failing check with backoff, then records "check failed" with the cause: never verified', async () => {
    const failing: FaceVerifier = {
      ...model,
      detectFaces: async () => {
        throw new FaceCheckUnavailableError('Rekognition DetectFaces failed (ThrottlingException)');
      },
    };
    const waits: number[] = [];
    const { outcome, record, ids } = await uploadFor(randomUUID(), await cropJpeg(PERSON_A), depsWith(failing, waits));
    expect(outcome.status).toBe('ready');
    expect(record.faceCheck).toMatchObject({ outcome: 'check-failed' });
    expect(record.faceCheck!.reason).toMatch(
      /could not be completed after 3 tries \(Rekognition DetectFaces failed \(ThrottlingException\)\)/,
    );
    expect(waits).toEqual([500, 1000]);
    expect(record.faceReference).toBeUndefined();
    expect(await renditionKeys(ids)).toHaveLength(6);
  });

  it('never hands a pixel bomb or a corrupt file to the model', async () => {
    const { verifier, calls } = countingVerifier(model);
    const bomb = await uploadFor(randomUUID(), pixelBombPng(10_000, 10_000), {
      ...depsWith(verifier),
      limits: { maxInputPixels: 1_000_000 },
    });
    const corrupt = await uploadFor(randomUUID(), await truncatedJpeg(), depsWith(verifier));
    expect([bomb.outcome.status, corrupt.outcome.status]).toEqual(['failed', 'failed']);
    expect(calls.detect).toBe(0);
  });

  it('centres the square renditions on the face, not on the image', async () => {
    // The portrait on the left of a wide picture: a centre crop would cut the face in half.
    const wide = await sharp(await cropJpeg(PERSON_A))
      .resize(600, 600)
      .extend({ right: 600, background: { r: 90, g: 110, b: 130 } })
      .jpeg()
      .toBuffer();
    const { record } = await uploadFor(randomUUID(), wide);
    expect(record.faceCheck).toMatchObject({ outcome: 'verified' });
    const largest = record.renditions.find((r) => r.size === 512 && r.format === 'jpeg')!;
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: aws.bucket, Key: largest.key }));
    const [face] = await model.detectFaces(
      await faceImageFromFile(Buffer.from(await object.Body!.transformToByteArray())),
    );
    const centre = face.box.left + face.box.width / 2;
    expect(centre).toBeGreaterThan(0.35);
    expect(centre).toBeLessThan(0.65);
  });
});
