/**
 * In-process dynalite and s3rver on 127.0.0.1 random ports, in memory, with the metadata table and the photo
 * bucket created and clients for both: each test file (and the photo bench) starts its own and stops it.
 * The same emulators as the local runtime (functions/shared/local/emulators.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createS3Client } from '@shared/aws-clients';
import { startEmulators, type S3rverObjectEvent } from '@shared/local/emulators';
import { ensureLocalMetadataTable } from '@shared/local/metadata-table';
import type { MetadataTable } from '@shared/metadata-table';

export interface LocalAws {
  s3: S3Client;
  db: DynamoDBDocumentClient;
  table: MetadataTable;
  bucket: string;
  /** The S3 emulator's object events, as the local photo trigger receives them. */
  onS3Event(listener: (event: S3rverObjectEvent) => void): void;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  stop(): Promise<void>;
}

export async function startLocalAws(options: { bucket?: string; tableName?: string } = {}): Promise<LocalAws> {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const bucket = options.bucket ?? 'employee-photos';
  const tableName = options.tableName ?? 'employee-metadata';
  const emulators = await startEmulators({ buckets: [bucket] });
  const region = 'us-east-1';
  await ensureLocalMetadataTable({ region, endpoint: emulators.dynamodbEndpoint, tableName });
  const s3 = createS3Client({ region, endpoint: emulators.s3Endpoint });
  const db = createDocumentClient({ region, endpoint: emulators.dynamodbEndpoint });
  return {
    s3,
    db,
    table: { client: db, tableName },
    bucket,
    onS3Event: (listener) => emulators.onS3Event(listener),
    s3Endpoint: emulators.s3Endpoint,
    dynamodbEndpoint: emulators.dynamodbEndpoint,
    async stop() {
      s3.destroy();
      db.destroy();
      await emulators.stop();
    },
  };
}
