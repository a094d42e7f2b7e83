/**
 * The photo function's clients and settings for a local runtime: the same handler as on AWS, pointed at the
 * emulators, with the real local face model (loaded on the first photo, never at start-up).
 */
import type { Env } from '~/config/env.server';
import type { PhotoProcessorDeps } from '../../functions/photo-processor/process-photo';
import { createDocumentClient, createRekognitionClient, createS3Client } from '@shared/aws-clients';
import { createFaceVerifier } from '@shared/faces/create-face-verifier';
import { createLogger, type Logger } from '@shared/logger';

export function localPhotoProcessorDeps(
  env: Env,
  endpoints: { s3: string; dynamodb: string },
): PhotoProcessorDeps & { log: Logger } {
  return {
    s3: createS3Client({ region: env.AWS_REGION, endpoint: endpoints.s3, settings: env }),
    table: {
      client: createDocumentClient({ region: env.AWS_REGION, endpoint: endpoints.dynamodb, settings: env }),
      tableName: env.DYNAMODB_TABLE,
    },
    faces: {
      verifier: createFaceVerifier(env, () => createRekognitionClient({ region: env.AWS_REGION, settings: env })),
      settings: env,
    },
    log: createLogger({ level: env.LOG_LEVEL, base: { component: 'photo-processor' } }),
  };
}
