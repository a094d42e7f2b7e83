/**
 * The S3 emulator's redelivery door: s3rver announces an object it already holds as created again, through the same
 * event listeners a PUT reaches (the local photo trigger), and writes nothing.
 *
 * Why not what AWS gets: the photo redrive copies an original onto itself there to raise a fresh S3 event, and S3's
 * copy is atomic. s3rver's copy onto itself rewrites the object's metadata file in place; a `kill -9` of the emulator
 * mid-write left metadata that was not whole JSON, and the next start removed the object as torn (emulator-process
 * .server.ts): the only copy of someone's original was gone. Found in review of the resilience harness's runs.
 *
 * The path starts with `_`, which no S3 bucket name may, so it can never shadow a real request; the emulators listen
 * on loopback only.
 */
import { z } from 'zod';

export const REDELIVERY_PATH = '/_local/redeliver-object-created';

const RedeliveryRequestSchema = z.object({
  bucket: z.string().min(3).max(63),
  key: z.string().min(1).max(1024),
});
export type RedeliveryRequest = z.infer<typeof RedeliveryRequestSchema>;

/** The slice of s3rver (a Koa application) the door needs. */
export interface S3rverForRedelivery {
  middleware: Array<(ctx: KoaContext, next: () => Promise<void>) => Promise<void>>;
  store: { getMetadata(bucket: string, key: string): Promise<Record<string, string | number>> };
  emit(event: 'event', payload: unknown): boolean;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, unknown>;
  status: number;
  body: unknown;
}

/** Puts the door in front of s3rver's own routes; call before `run()` (Koa composes its middleware then). */
export function installRedeliveryDoor(s3rver: S3rverForRedelivery): void {
  s3rver.middleware.unshift(async (ctx, next) => {
    if (ctx.path !== REDELIVERY_PATH) return next();
    const request = RedeliveryRequestSchema.safeParse(ctx.query);
    if (ctx.method !== 'POST' || !request.success) {
      ctx.status = 400;
      ctx.body = 'POST with the query parameters bucket and key';
      return;
    }
    const { bucket, key } = request.data;
    let metadata: Record<string, string | number>;
    try {
      metadata = await s3rver.store.getMetadata(bucket, key);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      ctx.status = 404;
      ctx.body = 'NoSuchKey';
      return;
    }
    s3rver.emit('event', objectCreatedEvent(bucket, key, metadata));
    ctx.status = 202;
    ctx.body = 'redelivered';
  });
}

/** What s3rver emits for a PUT (raw key, its bucket ARN quirk left to normaliseS3rverEvent). */
function objectCreatedEvent(bucket: string, key: string, metadata: Record<string, string | number>) {
  return {
    Records: [
      {
        eventVersion: '2.0',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
          object: {
            key,
            size: Number(metadata['content-length']),
            eTag: JSON.parse(String(metadata.etag)) as string,
            sequencer: Date.now().toString(16).toUpperCase(),
          },
        },
      },
    ],
  };
}

/**
 * Asks the S3 emulator at `endpoint` to announce `key` as created again. `missing` when it holds no such object (the
 * upload never arrived); throws when the emulator does not answer within `timeoutMs` or refuses.
 */
export async function requestRedelivery(
  endpoint: string,
  request: RedeliveryRequest,
  options: { timeoutMs: number },
): Promise<'redelivered' | 'missing'> {
  const url = new URL(REDELIVERY_PATH, endpoint);
  url.searchParams.set('bucket', request.bucket);
  url.searchParams.set('key', request.key);
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(options.timeoutMs) });
  await response.body?.cancel();
  if (response.status === 202) return 'redelivered';
  if (response.status === 404) return 'missing';
  throw new Error(`the S3 emulator refused the redelivery (HTTP ${response.status})`);
}
