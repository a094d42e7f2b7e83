/**
 * The local S3 -> Lambda trigger: s3rver's object-created events, normalised to what real S3 sends
 * (URL-encoded keys), go to the photo function's own handler in this process. Like Lambda's asynchronous
 * invocation, a transient failure is retried twice with a delay.
 */
import { createPhotoHandler } from '../../functions/photo-processor/handler';
import type { PhotoProcessorDeps } from '../../functions/photo-processor/process-photo';
import type { Emulators } from '@shared/local/emulators';
import { normaliseS3rverEvent } from '@shared/local/s3rver-event';
import type { Logger } from '@shared/logger';

const RETRY_DELAYS_MS = [1_000, 2_000];

export function startLocalPhotoTrigger(
  emulators: Pick<Emulators, 'onS3Event'>,
  deps: PhotoProcessorDeps & { log: Logger; delayMs?: number },
): void {
  const handle = createPhotoHandler(deps);
  emulators.onS3Event((rawEvent) => {
    if (!rawEvent.Records.some((record) => record.eventName.startsWith('ObjectCreated'))) return;
    const event = normaliseS3rverEvent(rawEvent);
    void (async () => {
      // S3 -> Lambda delivery latency, when configured (LOCAL_PHOTO_TRIGGER_DELAY_MS).
      if (deps.delayMs) await new Promise((resolve) => setTimeout(resolve, deps.delayMs));
      for (let attempt = 0; ; attempt += 1) {
        try {
          await handle(event);
          return;
        } catch (error) {
          if (attempt >= RETRY_DELAYS_MS.length) {
            deps.log.error('photo processing gave up after retries', { error });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
        }
      }
    })();
  });
}
