/**
 * SDK clients, created once per module by the handler (or once by the local runtime) and passed in.
 * With an endpoint (s3rver, dynalite) they get the settings the emulators need; on AWS they get none.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface ClientOptions {
  region: string;
  endpoint?: string;
}

/** Emulators accept any credentials; explicit ones keep the SDK from probing the instance-metadata address. */
const EMULATOR_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createS3Client({ region, endpoint }: ClientOptions): S3Client {
  if (!endpoint) return new S3Client({ region });
  return new S3Client({
    region,
    endpoint,
    forcePathStyle: true,
    // Without these, s3rver stores streamed uploads with the aws-chunked framing inside the object (STACK.md).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: EMULATOR_CREDENTIALS,
  });
}

export function createDocumentClient({ region, endpoint }: ClientOptions): DynamoDBDocumentClient {
  const client = endpoint
    ? new DynamoDBClient({ region, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
    : new DynamoDBClient({ region });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}
