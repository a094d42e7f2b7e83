/**
 * The local stand-ins for the cloud, started once per machine: dynalite and s3rver on disk under DATA_DIR,
 * the metadata table and the photo bucket created in them, and the photo function wired to the S3
 * emulator's object-created events, exactly as S3 invokes it on AWS (same handler logic, same event shape).
 */
import path from 'node:path';
import type { Env } from '~/config/env.server';
import { startEmulators, type Emulators } from '@shared/local/emulators';
import { ensureLocalMetadataTable } from '@shared/local/metadata-table';
import { createDocumentClient, createRekognitionClient, createS3Client } from '@shared/aws-clients';
import { createFaceVerifier } from '@shared/faces/create-face-verifier';
import { createLogger } from '@shared/logger';
import { startLocalPhotoTrigger } from './photo-trigger.server';

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
  await ensureLocalMetadataTable({
    region: env.AWS_REGION,
    endpoint: emulators.dynamodbEndpoint,
    tableName: env.DYNAMODB_TABLE,
  });
  if (options.photoTrigger !== false) {
    startLocalPhotoTrigger(emulators, {
      s3: createS3Client({ region: env.AWS_REGION, endpoint: emulators.s3Endpoint, settings: env }),
      table: {
        db: createDocumentClient({ region: env.AWS_REGION, endpoint: emulators.dynamodbEndpoint, settings: env }),
        tableName: env.DYNAMODB_TABLE,
      },
      // The real local model, loaded on the first photo (not at start-up): see face-api-verifier.ts.
      faces: {
        verifier: createFaceVerifier(env, () => createRekognitionClient({ region: env.AWS_REGION, settings: env })),
        settings: env,
      },
      log: createLogger({ level: env.LOG_LEVEL, base: { component: 'photo-processor' } }),
      delayMs: env.LOCAL_PHOTO_TRIGGER_DELAY_MS,
    });
  }
  return { env: localEnv, emulators };
}
