/**
 * Lambda entry point: S3 ObjectCreated notifications for originals/. Only coordinates: the environment is
 * parsed and the clients are created once per container; the work is processS3Event.
 */
import { IncomingS3EventSchema } from '../../app/contracts/s3-event';
import { createDocumentClient, createS3Client } from '../shared/clients';
import { parseFunctionEnv } from '../shared/env';
import { jsonLogger } from '../shared/logger';
import { processS3Event, type PhotoOutcome, type PhotoProcessorDeps } from './process-photo';

const env = parseFunctionEnv();

const deps: PhotoProcessorDeps = {
  s3: createS3Client({ region: env.AWS_REGION, endpoint: env.S3_ENDPOINT }),
  table: {
    db: createDocumentClient({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT }),
    tableName: env.DYNAMODB_TABLE,
  },
  limits: {
    maxInputPixels: env.PHOTO_MAX_INPUT_PIXELS,
    maxOriginalBytes: env.PHOTO_MAX_ORIGINAL_BYTES,
    leaseSeconds: env.PHOTO_PROCESSING_LEASE_SECONDS,
  },
  log: jsonLogger,
};

export async function handler(event: unknown): Promise<{ outcomes: Array<Pick<PhotoOutcome, 'status' | 'key'>> }> {
  const parsed = IncomingS3EventSchema.safeParse(event);
  if (!parsed.success) {
    // Not an S3 notification: a wiring mistake that no retry fixes. Say so once and return.
    jsonLogger('error', 'photo function received an event that is not an S3 notification', {
      issues: parsed.error.issues.slice(0, 5),
    });
    return { outcomes: [] };
  }
  try {
    const outcomes = await processS3Event(parsed.data, deps);
    return { outcomes: outcomes.map(({ status, key }) => ({ status, key })) };
  } catch (error) {
    jsonLogger('error', 'photo processing failed; Lambda will retry the event', {
      error: error instanceof Error ? { name: error.name, message: error.message } : String(error),
    });
    throw error;
  }
}
