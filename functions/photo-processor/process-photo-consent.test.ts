/**
 * A photo whose owner did not consent to the face check (policy `no-consent`, docs/decisions/206-face-check-consent.md):
 * neither the local model nor Rekognition is called, nothing is kept, the renditions are centred, and the photo
 * waits for HR. Each path is shown to call its verifier when the person did consent, so the counters can fail.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHeldForReview, isPromotable, type FaceCheckPolicy } from '@shared/contracts/photo-record';
import { originalKey } from '@shared/contracts/s3-keys';
import { createFaceApiVerifier } from '@shared/faces/face-api-verifier';
import { FACE_CHECK_DEFAULTS } from '@shared/faces/face-check-settings';
import type { FaceVerifier } from '@shared/faces/face-verifier';
import {
  DELETE_ONE_FACE,
  DETECT_ONE_FACE,
  INDEX_ONE_FACE,
  LABELS_ONE_PERSON,
} from '@shared/faces/rekognition-recorded-responses';
import { createRekognitionVerifier } from '@shared/faces/rekognition-verifier';
import { getPhoto, recordUploadedPhoto } from '@shared/photo-records';
import { startLocalAws, type LocalAws } from '@test-support/aws-emulators';
import { PERSON_A, cropJpeg } from '@test-support/face-samples';
import { countingVerifier, recordedRekognitionClient } from '@test-support/face-verifiers';
import { NO_CONSENT_REASON } from './face-check';
import { processS3Event } from './process-photo';

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws({ tableName: 'consent-table' });
}, 60_000);
afterAll(() => aws?.stop());

async function upload(verifier: FaceVerifier, policy: FaceCheckPolicy) {
  const ids = { employeeId: randomUUID(), photoId: randomUUID() };
  await recordUploadedPhoto(aws.table, { ...ids, faceCheckPolicy: policy });
  const key = originalKey(ids.employeeId, ids.photoId);
  await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: await cropJpeg(PERSON_A) }));
  const event = {
    Records: [
      { eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { bucket: { name: aws.bucket }, object: { key } } },
    ],
  };
  const [outcome] = await processS3Event(event, {
    s3: aws.s3,
    table: aws.table,
    faces: { verifier, settings: FACE_CHECK_DEFAULTS, sleep: async () => {} },
  });
  return { outcome, record: (await getPhoto(aws.table, ids))! };
}

function rekognitionStandIn() {
  const recorded = recordedRekognitionClient({
    DetectFacesCommand: DETECT_ONE_FACE,
    DetectLabelsCommand: LABELS_ONE_PERSON,
    IndexFacesCommand: INDEX_ONE_FACE,
    DeleteFacesCommand: DELETE_ONE_FACE,
  });
  const verifier = createRekognitionVerifier({
    client: recorded.client,
    collectionId: 'xyz-faces',
    minSimilarity: 90,
    minPersonConfidence: 80,
  });
  return { verifier, sent: recorded.sent };
}

function expectHeldUnchecked(record: Awaited<ReturnType<typeof upload>>['record']) {
  expect(record).toMatchObject({
    state: 'ready',
    faceCheckPolicy: 'no-consent',
    faceCheck: { outcome: 'no-consent', checkedBy: 'none', reason: NO_CONSENT_REASON },
  });
  expect(record.faceCheck!.faceBox).toBeUndefined();
  expect(record.faceReference).toBeUndefined();
  // Rendered (centred: there is no face box), so HR can look at it; never put on the profile without HR.
  expect(record.renditions).toHaveLength(6);
  expect(isHeldForReview(record)).toBe(true);
  expect(isPromotable(record)).toBe(false);
}

describe('a photo without consent to the face check', { timeout: 120_000 }, () => {
  it('never reaches the local model: no detection, comparison or reference', async () => {
    const local = countingVerifier(
      createFaceApiVerifier({
        maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
        minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
      }),
    );
    const { outcome, record } = await upload(local.verifier, 'no-consent');
    expect(outcome.status).toBe('ready');
    expectHeldUnchecked(record);
    expect(local.calls).toEqual({ detectFaces: 0, enrolFace: 0, compareWithReference: 0, forgetFace: 0 });
  });

  it('never reaches Rekognition: not one request is sent', async () => {
    const declined = rekognitionStandIn();
    const counted = countingVerifier(declined.verifier);
    const { record } = await upload(counted.verifier, 'no-consent');
    expectHeldUnchecked(record);
    expect(declined.sent).toEqual([]);
    expect(counted.calls).toEqual({ detectFaces: 0, enrolFace: 0, compareWithReference: 0, forgetFace: 0 });

    // The same stand-in with consent: the check runs and keeps the face, so the counters above could have counted.
    const consented = rekognitionStandIn();
    const checked = await upload(consented.verifier, 'check');
    expect(checked.record.faceCheck).toMatchObject({ outcome: 'verified', checkedBy: 'rekognition' });
    expect(checked.record.faceReference).toMatchObject({ kind: 'rekognition', collectionId: 'xyz-faces' });
    expect(consented.sent.map((call) => call.command)).toEqual([
      'DetectFacesCommand',
      'DetectLabelsCommand',
      'IndexFacesCommand',
    ]);
  });
});
