/**
 * The local S3 -> Lambda trigger: s3rver's object-created events, normalised to what real S3 sends
 * (URL-encoded keys), go to the photo function. Like Lambda's asynchronous invocation, a transient failure is
 * retried twice with a delay.
 *
 * Events wait in a queue and run `concurrency` at a time (one by default). On AWS every invocation has its own
 * Lambda; here they share the machine's cores with the web server and the stores, and the face check costs about
 * a second of a core per photo: run all at once, a burst of joins took every core and the server's answers
 * waited behind them (found by the resilience harness). The queue is in memory, as S3's event delivery is
 * outside the store on AWS: if this process dies, the web server's redrive (app/services/photo-redrive.server.ts)
 * picks up every original left unprocessed.
 */
import type { S3rverObjectEvent } from '@shared/local/emulators';
import { normaliseS3rverEvent } from '@shared/local/s3rver-event';
import type { Logger } from '@shared/logger';

const RETRY_DELAYS_MS = [1_000, 2_000];

/** Runs the photo function on one S3 event; rejects when the invocation failed (it is then retried). */
export type PhotoRun = (event: ReturnType<typeof normaliseS3rverEvent>) => Promise<void>;

export interface LocalPhotoTriggerOptions {
  run: PhotoRun;
  log: Logger;
  /** Invocations at once (LOCAL_PHOTO_CONCURRENCY). */
  concurrency: number;
  /** S3 -> Lambda delivery latency (LOCAL_PHOTO_TRIGGER_DELAY_MS). */
  delayMs?: number;
  /**
   * Called after each invocation that finished (its outcome is on the photo record): the web app's photo watcher
   * is woken by it rather than waiting for its tick (docs/decisions/208-how-the-app-learns-a-photo-is-done.md).
   */
  onProcessed?: () => void;
}

export interface LocalPhotoTrigger {
  /** Events waiting and running: what an operator (or a test) looks at to see the backlog. */
  backlog(): { waiting: number; running: number };
}

const keyOf = (event: ReturnType<typeof normaliseS3rverEvent>) =>
  event.Records.map((record) => `${record.s3.bucket.name}/${record.s3.object.key}`).join(' ');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startLocalPhotoTrigger(
  emulators: { onS3Event(listener: (event: S3rverObjectEvent) => void): void },
  options: LocalPhotoTriggerOptions,
): LocalPhotoTrigger {
  const waiting: Array<ReturnType<typeof normaliseS3rverEvent>> = [];
  let running = 0;

  async function invoke(event: ReturnType<typeof normaliseS3rverEvent>): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await options.run(event);
      } catch (error) {
        if (attempt >= RETRY_DELAYS_MS.length) {
          options.log.error('photo processing gave up after retries', { error });
          return;
        }
        // The retry waits outside the queue's slot, so the next photo runs meanwhile.
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      // Apart from the run: the wake-up is a hint, and a listener's mistake must not re-run a finished photo.
      try {
        options.onProcessed?.();
      } catch (error) {
        options.log.warn('waking the photo watcher failed; its tick settles the photo', { error });
      }
      return;
    }
  }

  function next(): void {
    while (running < options.concurrency && waiting.length > 0) {
      const event = waiting.shift()!;
      running += 1;
      void invoke(event).finally(() => {
        running -= 1;
        next();
      });
    }
  }

  emulators.onS3Event((rawEvent) => {
    if (!rawEvent.Records.some((record) => record.eventName.startsWith('ObjectCreated'))) return;
    const event = normaliseS3rverEvent(rawEvent);
    const enqueue = () => {
      // The same object already waiting (the redrive re-sends a photo still in line): the waiting event will read
      // the object as it is when it runs, so a second one would only repeat the work.
      const key = keyOf(event);
      if (waiting.some((queued) => keyOf(queued) === key)) return;
      waiting.push(event);
      next();
    };
    if (options.delayMs) setTimeout(enqueue, options.delayMs);
    else enqueue();
  });
  return { backlog: () => ({ waiting: waiting.length, running }) };
}
