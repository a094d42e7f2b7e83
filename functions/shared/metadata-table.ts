/**
 * The one shape of the metadata table's adapter, handed to every function that reads or writes it: the photo
 * records (written by the web app and the photo function), the activity log and the profile extras. (The photo
 * bucket needs none: the app passes its platform, which holds the S3 client and the bucket's name, and the photo
 * function reads the bucket's name from each S3 event.)
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The DynamoDB metadata table (`docs/dynamodb-design.md`). */
export interface MetadataTable {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** The table's adapter from whatever holds its client and name (the app's platform, a test's). */
export function metadataTable(source: { dynamo: DynamoDBDocumentClient; tableName: string }): MetadataTable {
  return { client: source.dynamo, tableName: source.tableName };
}
