/**
 * AWS SDK clients for the web app and the functions, created once per process (or Lambda container) and
 * passed in. On AWS they take credentials from the instance profile or the function's role; with an
 * endpoint (s3rver, dynalite, moto) they get explicit dummy credentials, so the SDK never probes the
 * instance-metadata address, and the settings the emulators need.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { RekognitionClient } from '@aws-sdk/client-rekognition';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface ClientOptions {
  region: string;
  /** Emulators only; unset on AWS. */
  endpoint?: string;
}

// s3rver accepts only its own well-known key pair; dynalite and moto accept any.
const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createDocumentClient({ region, endpoint }: ClientOptions): DynamoDBDocumentClient {
  const client = new DynamoDBClient({ region, ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}) });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createS3Client({ region, endpoint }: ClientOptions): S3Client {
  if (!endpoint) return new S3Client({ region });
  return new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    credentials: EMULATOR_CREDENTIALS,
    // Without these, s3rver stores streamed uploads with the aws-chunked framing inside the object (STACK.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function createSnsClient({ region, endpoint }: ClientOptions): SNSClient {
  return new SNSClient({ region, ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}) });
}

/** Amazon Rekognition for the photo function's face check (no emulator: moto's answers are canned). */
export function createRekognitionClient({ region }: ClientOptions): RekognitionClient {
  // The face check retries with its own backoff (FACE_CHECK_ATTEMPTS); the SDK adds one quick retry of its own.
  return new RekognitionClient({ region, maxAttempts: 2 });
}

/** Step Functions, for the verification workflow's executions and task tokens (moto locally in tests). */
export function createSfnClient({ region, endpoint }: ClientOptions): SFNClient {
  return new SFNClient({ region, ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}) });
}

/** SQS, for the verification workflow's task queue (moto locally in tests). */
export function createSqsClient({ region, endpoint }: ClientOptions): SQSClient {
  return new SQSClient({ region, ...(endpoint ? { endpoint, credentials: EMULATOR_CREDENTIALS } : {}) });
}
