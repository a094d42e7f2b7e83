/**
 * One emulator as its own process, as the stores are on AWS: something an operator (or the resilience harness)
 * can kill and start again while the server keeps running. The server is pointed at it with DYNAMODB_ENDPOINT
 * and S3_ENDPOINT (both set: the primary then starts no emulators of its own). Each listens on the port of its
 * endpoint, so a restart comes back where the server expects it, and keeps its data under DATA_DIR/emulators.
 *
 * The S3 process also runs the photo function on its object-created events, as S3 invokes the Lambda on AWS:
 * the trigger lives with the store that fires it, not in the web server.
 */
import path from 'node:path';
import type { Env } from '~/config/env.server';
import { startDynamoDbEmulator, startS3Emulator } from '@shared/local/emulators';
import { ensureLocalMetadataTable } from '@shared/local/metadata-table';
import { createDocumentClient, createS3Client } from '@shared/aws-clients';
import { createLogger } from '@shared/logger';
import { startLocalPhotoTrigger } from './photo-trigger.server';

export type EmulatorKind = 'dynamodb' | 's3';

export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

function portOf(endpoint: string | undefined, variable: string): number {
  if (!endpoint) throw new Error(`${variable} must be set: the emulator listens on its port`);
  const url = new URL(endpoint);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`${variable} must name a loopback address: the emulators serve this machine only`);
  }
  return Number(url.port);
}

export async function runEmulatorProcess(kind: EmulatorKind, env: Env): Promise<RunningEmulator> {
  const directory = path.join(env.dataDir, 'emulators');
  if (kind === 'dynamodb') {
    const dynamo = await startDynamoDbEmulator({ directory, port: portOf(env.DYNAMODB_ENDPOINT, 'DYNAMODB_ENDPOINT') });
    await ensureLocalMetadataTable({
      region: env.AWS_REGION,
      endpoint: dynamo.endpoint,
      tableName: env.DYNAMODB_TABLE,
    });
    return dynamo;
  }
  const s3 = await startS3Emulator({
    directory,
    port: portOf(env.S3_ENDPOINT, 'S3_ENDPOINT'),
    buckets: [env.PHOTO_BUCKET],
  });
  if (!env.DYNAMODB_ENDPOINT)
    throw new Error('DYNAMODB_ENDPOINT must be set: the photo function records its results there');
  startLocalPhotoTrigger(s3, {
    s3: createS3Client({ region: env.AWS_REGION, endpoint: s3.endpoint }),
    table: {
      db: createDocumentClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT }),
      tableName: env.DYNAMODB_TABLE,
    },
    log: createLogger({ level: env.LOG_LEVEL, base: { component: 'photo-processor' } }),
    delayMs: env.LOCAL_PHOTO_TRIGGER_DELAY_MS,
  });
  return s3;
}
