/**
 * In-process dynalite and s3rver on 127.0.0.1 random ports, in temp dirs: each test file (and the bench)
 * starts its own and stops it. Not used in Lambda.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { metadataTableDefinition } from '../../app/local/metadata-table.server';
import { createDocumentClient, createS3Client } from '../shared/clients';
import type { PhotoTable } from '../shared/photo-records';

// Neither package ships types; the little used here is typed by hand.
const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: unknown) => void): void;
}

export interface LocalAws {
  s3: S3Client;
  db: DynamoDBDocumentClient;
  table: PhotoTable;
  bucket: string;
  s3rver: S3rverServer;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  stop(): Promise<void>;
}

export async function startLocalAws(options: { bucket?: string; tableName?: string } = {}): Promise<LocalAws> {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const bucket = options.bucket ?? 'employee-photos';
  const tableName = options.tableName ?? 'employee-metadata';
  const dir = mkdtempSync(path.join(tmpdir(), 'photo-fn-'));

  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    dynamo.once('error', reject);
    dynamo.listen(0, '127.0.0.1', () => resolve());
  });
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await s3rver.run();

  const region = 'us-east-1';
  const s3Endpoint = `http://127.0.0.1:${port}`;
  const dynamodbEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
  const s3 = createS3Client({ region, endpoint: s3Endpoint });
  const db = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  await createMetadataTable(db, tableName);

  return {
    s3,
    db,
    table: { db, tableName },
    bucket,
    s3rver,
    s3Endpoint,
    dynamodbEndpoint,
    async stop() {
      s3.destroy();
      db.destroy();
      await s3rver.close();
      await new Promise<void>((resolve) => dynamo.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The metadata table exactly as the local runtime creates it (app/local/metadata-table.server.ts). */
export async function createMetadataTable(db: DynamoDBDocumentClient, tableName: string): Promise<void> {
  await db.send(new CreateTableCommand(metadataTableDefinition(tableName)));
  await waitUntilTableExists({ client: db, maxWaitTime: 10, minDelay: 1 }, { TableName: tableName });
}
