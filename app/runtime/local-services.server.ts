/**
 * The local stand-ins for the cloud, started once per machine: dynalite and s3rver on disk under DATA_DIR,
 * the metadata table and the photo bucket created in them, and the photo function wired to the S3
 * emulator's object-created events, exactly as S3 invokes it on AWS (same handler logic, same event shape).
 */
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Env } from '~/config/env.server';
import { startEmulators, type Emulators } from '~/local/emulators.server';
import { ensureMetadataTable } from '~/local/metadata-table.server';
import { createDynamoDocumentClient, createS3Client } from '~/clients/aws-clients.server';
import { createLogger } from '~/lib/logger.server';
import { startLocalPhotoTrigger } from './local-photo-trigger.server';

export interface LocalServices {
  env: Env;
  emulators: Emulators;
}

export async function startLocalServices(
  env: Env,
  options: { persistent?: boolean; photoTrigger?: boolean } = {},
): Promise<LocalServices> {
  const emulators = await startEmulators({
    directory: options.persistent === false ? undefined : path.join(env.dataDir, 'emulators'),
    buckets: [env.PHOTO_BUCKET],
  });
  const localEnv: Env = { ...env, DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint, S3_ENDPOINT: emulators.s3Endpoint };
  const endpoints = { region: env.AWS_REGION, dynamodb: emulators.dynamodbEndpoint, s3: emulators.s3Endpoint };
  const rawDynamo = new DynamoDBClient({
    region: env.AWS_REGION,
    endpoint: emulators.dynamodbEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureMetadataTable(rawDynamo, env.DYNAMODB_TABLE);
  } finally {
    rawDynamo.destroy();
  }
  if (options.photoTrigger !== false) {
    startLocalPhotoTrigger(emulators, {
      s3: createS3Client(endpoints),
      dynamo: createDynamoDocumentClient(endpoints),
      tableName: env.DYNAMODB_TABLE,
      log: createLogger({ level: env.LOG_LEVEL, base: { component: 'photo-processor' } }),
    });
  }
  return { env: localEnv, emulators };
}
