/**
 * The local photo function's process (photo-runner.server.ts forks this file): reads the same environment as
 * the S3 emulator that forked it, runs the photo handler on each S3 event it is sent, and answers with the
 * outcome. It exits when its parent goes away.
 */
import { EnvError, getEnv } from '~/config/env.server';
import { createPhotoHandler } from '../../functions/photo-processor/handler';
import { photoProcessorDeps } from '../../functions/photo-processor/deps';
import { PhotoRunnerRequestSchema, type PhotoRunnerReply } from './photo-runner.server';

let env;
try {
  env = getEnv();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
if (!env.S3_ENDPOINT || !env.DYNAMODB_ENDPOINT) {
  console.error('S3_ENDPOINT and DYNAMODB_ENDPOINT must be set: the photo runner serves the emulator processes');
  process.exit(1);
}
const handle = createPhotoHandler(photoProcessorDeps(env));

const reply = (message: PhotoRunnerReply) => process.send?.(message);
process.on('message', (message) => {
  const request = PhotoRunnerRequestSchema.safeParse(message);
  if (!request.success) return;
  const { id, event } = request.data;
  handle(event).then(
    () => reply({ id, ok: true }),
    (error: unknown) =>
      reply({ id, ok: false, error: error instanceof Error ? error.message.slice(0, 2_000) : 'failed' }),
  );
});
// The emulator that forked this process is gone (stopped or killed): so is the event source.
process.on('disconnect', () => process.exit(0));
