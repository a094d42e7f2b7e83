/**
 * The photo function's clients and settings, built in one place for both triggers: the Lambda handler (from the
 * function's environment) and the local runtime (from the web app's environment, pointed at the emulators).
 * Creating them loads no face model: the local model loads on the first photo.
 */
import { createDocumentClient, createRekognitionClient, createS3Client } from '@shared/aws-clients';
import type { AwsClientSettings } from '@shared/aws-client-settings';
import type { FunctionEnv } from '@shared/env';
import { createFaceVerifier } from '@shared/faces/create-face-verifier';
import type { FaceCheckSettings } from '@shared/faces/face-check-settings';
import { createLogger, type Logger, type LogLevel } from '@shared/logger';
import { DEFAULT_LIMITS, type PhotoProcessorDeps } from './process-photo';

type LimitSettings = 'PHOTO_MAX_INPUT_PIXELS' | 'PHOTO_MAX_ORIGINAL_BYTES' | 'PHOTO_PROCESSING_LEASE_SECONDS';

/**
 * What the builder reads: the function's environment, or the web app's (which has no limit variables: the
 * defaults apply locally, and a LOG_LEVEL the Lambda leaves unset).
 */
export type PhotoProcessorSettings = Pick<
  FunctionEnv,
  'AWS_REGION' | 'DYNAMODB_TABLE' | 'S3_ENDPOINT' | 'DYNAMODB_ENDPOINT'
> &
  Partial<Pick<FunctionEnv, LimitSettings>> &
  FaceCheckSettings &
  AwsClientSettings & { LOG_LEVEL?: LogLevel };

export function photoProcessorDeps(settings: PhotoProcessorSettings): PhotoProcessorDeps & { log: Logger } {
  const region = settings.AWS_REGION;
  return {
    s3: createS3Client({ region, endpoint: settings.S3_ENDPOINT, settings }),
    table: {
      client: createDocumentClient({ region, endpoint: settings.DYNAMODB_ENDPOINT, settings }),
      tableName: settings.DYNAMODB_TABLE,
    },
    faces: {
      // The local model is never loaded on AWS (FACE_VERIFIER=rekognition there); it loads on first use anyway.
      verifier: createFaceVerifier(settings, () => createRekognitionClient({ region, settings })),
      settings,
    },
    limits: {
      maxInputPixels: settings.PHOTO_MAX_INPUT_PIXELS ?? DEFAULT_LIMITS.maxInputPixels,
      maxOriginalBytes: settings.PHOTO_MAX_ORIGINAL_BYTES ?? DEFAULT_LIMITS.maxOriginalBytes,
      leaseSeconds: settings.PHOTO_PROCESSING_LEASE_SECONDS ?? DEFAULT_LIMITS.leaseSeconds,
    },
    log: createLogger({ level: settings.LOG_LEVEL, base: { component: 'photo-processor' } }),
  };
}
