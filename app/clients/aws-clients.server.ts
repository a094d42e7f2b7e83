/**
 * AWS SDK clients, created once per platform. On AWS they take credentials from the instance profile; against
 * the local emulators they get explicit dummy credentials so the SDK never probes instance metadata.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';

export interface AwsEndpoints {
  region: string;
  dynamodb?: string;
  s3?: string;
  sns?: string;
}

// s3rver accepts only its own well-known key pair; dynalite accepts any.
const emulatorCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export function createDynamoDocumentClient(endpoints: AwsEndpoints): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: endpoints.region,
    ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb, credentials: emulatorCredentials } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function createS3Client(endpoints: AwsEndpoints): S3Client {
  return new S3Client({
    region: endpoints.region,
    ...(endpoints.s3
      ? {
          endpoint: endpoints.s3,
          forcePathStyle: true,
          credentials: emulatorCredentials,
          // s3rver stores aws-chunked framing inside the object unless checksums are only sent when required.
          requestChecksumCalculation: 'WHEN_REQUIRED' as const,
          responseChecksumValidation: 'WHEN_REQUIRED' as const,
        }
      : {}),
  });
}

export function createSnsClient(endpoints: AwsEndpoints): SNSClient {
  return new SNSClient({
    region: endpoints.region,
    ...(endpoints.sns ? { endpoint: endpoints.sns, credentials: emulatorCredentials } : {}),
  });
}
