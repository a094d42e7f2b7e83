/**
 * Lambda entry point: S3 ObjectCreated notifications for originals/. Only coordinates: the environment is
 * parsed and the clients are created once per container (on the first event), the work is processS3Event.
 * The local runtime builds the same handler through createPhotoHandler, with the same builder of its
 * dependencies (deps.ts) given the web app's environment.
 */
import { IncomingS3EventSchema } from '@shared/contracts/s3-event';
import { parseFunctionEnv } from '@shared/env';
import { photoProcessorDeps } from './deps';
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

let lambdaHandler: PhotoHandler | undefined;

/** What Lambda calls (`handler.handler`). */
export const handler: PhotoHandler = (event) => {
  lambdaHandler ??= createPhotoHandler(photoProcessorDeps(parseFunctionEnv()));
  return lambdaHandler(event);
};
