/** The real Lambda handler module, loaded with an emulator environment, the way Lambda loads it. */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeS3Key } from '@shared/contracts/s3-event';
import { originalKey } from '@shared/contracts/s3-keys';
import { parseFunctionEnv } from '@shared/env';
import { getPhoto, recordUploadedPhoto } from '@shared/photo-records';
import { startLocalAws, type LocalAws } from '@test-support/aws-emulators';
import { PERSON_A, cropJpeg } from '@test-support/face-samples';

let aws: LocalAws;
let handler: (event: unknown) => Promise<{ outcomes: Array<{ status: string; key: string }> }>;

beforeAll(async () => {
  aws = await startLocalAws({ tableName: 'handler-table' });
  vi.stubEnv('DYNAMODB_TABLE', 'handler-table');
  vi.stubEnv('S3_ENDPOINT', aws.s3Endpoint);
  vi.stubEnv('DYNAMODB_ENDPOINT', aws.dynamodbEndpoint);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  ({ handler } = await import('./handler'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await aws?.stop();
});

describe('photo function environment', () => {
  it('stops at start with a message naming a missing or malformed variable', () => {
    expect(() => parseFunctionEnv({})).toThrow(/DYNAMODB_TABLE/);
    expect(() => parseFunctionEnv({ DYNAMODB_TABLE: 'photos', S3_ENDPOINT: 'not a url' })).toThrow(/S3_ENDPOINT/);
    expect(() => parseFunctionEnv({ DYNAMODB_TABLE: 'photos', PHOTO_MAX_INPUT_PIXELS: '-5' })).toThrow(
      /PHOTO_MAX_INPUT_PIXELS/,
    );
  });

  it('has the documented defaults', () => {
    const env = parseFunctionEnv({ DYNAMODB_TABLE: 'photos', S3_ENDPOINT: '' });
    expect(env).toMatchObject({
      PHOTO_MAX_INPUT_PIXELS: 50_000_000,
      PHOTO_PROCESSING_LEASE_SECONDS: 60,
      AWS_REGION: 'us-east-1',
    });
    expect(env.S3_ENDPOINT).toBeUndefined();
    expect(env).toMatchObject({ FACE_VERIFIER: 'face-api', FACE_MIN_WIDTH_RATIO: 0.15, FACE_MATCH_MAX_DISTANCE: 0.45 });
  });

  it('refuses Rekognition without the collection, and face limits out of range', () => {
    expect(() => parseFunctionEnv({ DYNAMODB_TABLE: 'photos', FACE_VERIFIER: 'rekognition' })).toThrow(
      /REKOGNITION_COLLECTION_ID/,
    );
    expect(() => parseFunctionEnv({ DYNAMODB_TABLE: 'photos', FACE_MIN_WIDTH_RATIO: '15' })).toThrow(
      /FACE_MIN_WIDTH_RATIO/,
    );
    expect(
      parseFunctionEnv({
        DYNAMODB_TABLE: 'photos',
        FACE_VERIFIER: 'rekognition',
        REKOGNITION_COLLECTION_ID: 'xyz-faces',
      }),
    ).toMatchObject({ FACE_VERIFIER: 'rekognition', REKOGNITION_COLLECTION_ID: 'xyz-faces' });
  });
});

describe('Lambda handler', () => {
  it('processes an S3 notification of a portrait into a ready, verified photo (the real local model)', async () => {
    const ids = { employeeId: randomUUID(), photoId: randomUUID() };
    await recordUploadedPhoto(aws.table, ids);
    const key = originalKey(ids.employeeId, ids.photoId);
    await aws.s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: await cropJpeg(PERSON_A) }));
    const event = {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: new Date().toISOString(),
          eventName: 'ObjectCreated:Put',
          s3: {
            s3SchemaVersion: '1.0',
            bucket: { name: aws.bucket, arn: `arn:aws:s3:::${aws.bucket}` },
            object: { key: encodeS3Key(key), size: 100, eTag: 'abc', sequencer: '0A' },
          },
        },
      ],
    };
    expect(await handler(event)).toEqual({ outcomes: [{ status: 'ready', key }] });
    const record = (await getPhoto(aws.table, ids))!;
    expect(record.renditions).toHaveLength(6);
    expect(record.faceCheck).toMatchObject({ outcome: 'verified', checkedBy: 'face-api' });
  }, 60_000);

  it('returns without retrying for an event that is not an S3 notification', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await handler({ hello: 'world' })).toEqual({ outcomes: [] });
    const lines = write.mock.calls.map(([chunk]) => JSON.parse(String(chunk)));
    write.mockRestore();
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/not an S3 notification/) }),
    );
  });
});
