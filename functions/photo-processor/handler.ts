/**
 * Lambda entry point: S3 ObjectCreated notifications for originals/. Only coordinates: the environment is
 * parsed and the clients are created once per container (on the first event), the work is processS3Event.
 * The local runtime builds the same handler with its own clients through createPhotoHandler.
 */
import { IncomingS3EventSchema } from '@shared/contracts/s3-event';
import { createDocumentClient, createRekognitionClient, createS3Client } from '@shared/aws-clients';
import { createFaceVerifier } from '@shared/faces/create-face-verifier';
import { parseFunctionEnv, type FunctionEnv } from '@shared/env';
import { createLogger } from '@shared/logger';
import { processS3Event, type PhotoOutcome, type PhotoProcessorDeps } from './process-photo';

export type PhotoHandler = (event: unknown) => Promise<{ outcomes: Array<Pick<PhotoOutcome, 'status' | 'key'>> }>;

export function createPhotoHandler(deps: PhotoProcessorDeps & { log: NonNullable<PhotoProcessorDeps['log']> }) {
  const { log } = deps;
  const photoHandler: PhotoHandler = async (event) => {
    const parsed = IncomingS3EventSchema.safeParse(event);
    if (!parsed.success) {
      // Not an S3 notification: a wiring mistake that no retry fixes. Say so once and return.
      log.error('photo function received an event that is not an S3 notification', {
        issues: parsed.error.issues.slice(0, 5),
      });
      return { outcomes: [] };
    }
    try {
      const outcomes = await processS3Event(parsed.data, deps);
      return { outcomes: outcomes.map(({ status, key }) => ({ status, key })) };
    } catch (error) {
      log.error('photo processing failed; it will be retried', { error });
      throw error;
    }
  };
  return photoHandler;
}

export function depsFromEnv(env: FunctionEnv) {
  return {
    s3: createS3Client({ region: env.AWS_REGION, endpoint: env.S3_ENDPOINT, settings: env }),
    table: {
      client: createDocumentClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT, settings: env }),
      tableName: env.DYNAMODB_TABLE,
    },
    faces: {
      // The local model is never loaded on AWS (FACE_VERIFIER=rekognition there); it loads on first use anyway.
      verifier: createFaceVerifier(env, () => createRekognitionClient({ region: env.AWS_REGION, settings: env })),
      settings: env,
    },
    limits: {
      maxInputPixels: env.PHOTO_MAX_INPUT_PIXELS,
      maxOriginalBytes: env.PHOTO_MAX_ORIGINAL_BYTES,
      leaseSeconds: env.PHOTO_PROCESSING_LEASE_SECONDS,
    },
    log: createLogger({ base: { component: 'photo-processor' } }),
  };
}

let lambdaHandler: PhotoHandler | undefined;

/** What Lambda calls (`handler.handler`). */
export const handler: PhotoHandler = (event) => {
  lambdaHandler ??= createPhotoHandler(depsFromEnv(parseFunctionEnv()));
  return lambdaHandler(event);
};
