/**
 * The photo function wired to the S3 emulator's object-created events, as S3 invokes the Lambda on AWS: the one
 * local trigger, for both local layouts. Events wait in the trigger's queue (photo-trigger.server.ts) and the
 * function runs either in a child process (photo-runner.server.ts), when the S3 emulator is a process of its own,
 * or in this process in the one-command layout (decision 003). Decision 013 says why, and why one at a time.
 */
import type { Env } from '~/config/env.server';
import type { S3rverObjectEvent } from '@shared/local/emulators';
import { createLogger } from '@shared/logger';
import { createPhotoHandler } from '../../functions/photo-processor/handler';
import { photoProcessorDeps } from '../../functions/photo-processor/deps';
import { forkPhotoRunner } from './photo-runner.server';
import { startLocalPhotoTrigger, type LocalPhotoTrigger, type PhotoRun } from './photo-trigger.server';

export interface LocalPhotoFunction extends LocalPhotoTrigger {
  stop(): Promise<void>;
}

export function startLocalPhotoFunction(
  emulators: { onS3Event(listener: (event: S3rverObjectEvent) => void): void },
  env: Env,
  options: {
    /** The emulators the function reads and writes (the same ones whose events trigger it). */
    endpoints: { s3: string; dynamodb: string };
    /** In a child process (the S3 emulator as its own process) rather than in this one. */
    apart: boolean;
    /** After each photo the function finished (the trigger's onProcessed). */
    onProcessed?: () => void;
  },
): LocalPhotoFunction {
  const functionEnv: Env = { ...env, S3_ENDPOINT: options.endpoints.s3, DYNAMODB_ENDPOINT: options.endpoints.dynamodb };
  let run: PhotoRun;
  let stop = async () => {};
  if (options.apart) {
    const runner = forkPhotoRunner({
      log: createLogger({ level: env.LOG_LEVEL, base: { component: 'photo-runner' } }),
      niceness: env.LOCAL_PHOTO_RUNNER_NICENESS,
      // The child parses its environment as the server does; the endpoints are the ones this process was given.
      env: { ...process.env, S3_ENDPOINT: options.endpoints.s3, DYNAMODB_ENDPOINT: options.endpoints.dynamodb },
    });
    run = (event) => runner.run(event);
    stop = () => runner.stop();
  } else {
    const handle = createPhotoHandler(photoProcessorDeps(functionEnv));
    run = async (event) => {
      await handle(event);
    };
  }
  const trigger = startLocalPhotoTrigger(emulators, {
    run,
    log: createLogger({ level: env.LOG_LEVEL, base: { component: 'photo-processor' } }),
    concurrency: env.LOCAL_PHOTO_CONCURRENCY,
    delayMs: env.LOCAL_PHOTO_TRIGGER_DELAY_MS,
    onProcessed: options.onProcessed,
  });
  return { backlog: () => trigger.backlog(), stop };
}
