/**
 * The local stand-ins for the cloud, started once per machine: dynalite and s3rver on disk under DATA_DIR,
 * the metadata table and the photo bucket created in them, and the photo function wired to the S3
 * emulator's object-created events, exactly as S3 invokes it on AWS (same handler logic, same event shape).
 */
import path from 'node:path';
import type { Env } from '~/config/env.server';
import { startEmulators, type Emulators } from '@shared/local/emulators';
import { ensureLocalMetadataTable } from '@shared/local/metadata-table';
import { startLocalPhotoFunction } from './photo-function.server';

export interface LocalServices {
  env: Env;
  emulators: Emulators;
}

export async function startLocalServices(
  env: Env,
  options: {
    persistent?: boolean;
    photoTrigger?: boolean;
    /** After each photo the function finished: the primary wakes its photo watcher (decision 208). */
    onPhotoProcessed?: () => void;
  } = {},
): Promise<LocalServices> {
  const emulators = await startEmulators({
    directory: options.persistent === false ? undefined : path.join(env.dataDir, 'emulators'),
    buckets: [env.PHOTO_BUCKET],
  });
  const localEnv: Env = { ...env, DYNAMODB_ENDPOINT: emulators.dynamodbEndpoint, S3_ENDPOINT: emulators.s3Endpoint };
  await ensureLocalMetadataTable({
    region: env.AWS_REGION,
    endpoint: emulators.dynamodbEndpoint,
    tableName: env.DYNAMODB_TABLE,
  });
  if (options.photoTrigger !== false) {
    // In this process: the one-command layout has no S3 emulator process to fork the function from.
    startLocalPhotoFunction(emulators, env, {
      endpoints: { s3: emulators.s3Endpoint, dynamodb: emulators.dynamodbEndpoint },
      apart: false,
      onProcessed: options.onPhotoProcessed,
    });
  }
  return { env: localEnv, emulators };
}
