/**
 * The one shape of each store's adapter, handed to every function that reads or writes that store. The
 * metadata table holds the photo records (written by the web app and the photo function), the activity log and
 * the profile extras; the photo bucket holds the originals and the renditions.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB metadata table (`docs/dynamodb-design.md`). */
export interface MetadataTable {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** The S3 photo bucket (`functions/shared/contracts/s3-keys.ts` lays out its keys). */
export interface PhotoBucket {
  s3: S3Client;
  bucket: string;
}
