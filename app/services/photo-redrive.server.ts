/**
 * Photos whose processing never happened: the record still says `uploaded` (or `processing` with a lapsed lease)
 * well after the upload. The S3 -> function event was lost: the local trigger dies with its S3 process, and on AWS
 * an asynchronous invocation that fails three times is dropped. The redrive raises a fresh ObjectCreated event for
 * the same key and bytes; the function's claim and content hash make a duplicate harmless
 * (docs/dynamodb-photo-record.md). Found by the resilience harness: photos uploaded just before the S3 store was
 * killed stayed `uploaded` for good.
 *
 * On AWS the original is copied onto itself, which S3 does atomically. Locally the S3 emulator is asked to announce
 * the object again and writes nothing: its copy onto itself rewrites the object's metadata in place, and a `kill -9`
 * mid-write cost the only copy of an original (functions/shared/local/s3rver-redelivery.ts).
 */
import { CopyObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { listPhotosByState } from '@shared/photo-records';
import { originalKey } from '@shared/contracts/s3-keys';
import { requestRedelivery } from '@shared/local/s3rver-redelivery';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';

/**
 * What the redrive announced before, by original key: when, and how many times. An announcement does not change
 * the photo's record, so without this a photo waiting in a long queue (locally the function takes one photo at a
 * time) was announced again at every tick, and the queue filled with its duplicates. Each announcement now waits
 * twice as long as the one before (the first after `stuckAfterMs`, then 2x, 4x ... up to 32x). Kept in memory by
 * whoever runs the redrive (the primary): after a restart a photo may be announced once more, which is harmless.
 */
export type RedriveMemory = Map<string, { at: number; times: number }>;

const MAX_BACKOFF_FACTOR = 32;

export async function redriveStuckPhotos(
  platform: Platform,
  options: { stuckAfterMs: number; now?: Date; memory?: RedriveMemory },
): Promise<{ redriven: number }> {
  const now = options.now ?? new Date();
  const cutoff = now.getTime() - options.stuckAfterMs;
  const memory = options.memory ?? new Map();
  const stillStuck = new Set<string>();
  let redriven = 0;
  for (const state of ['uploaded', 'processing'] as const) {
    let cursor: string | undefined;
    do {
      const page = await listPhotosByState(metadataTable(platform), state, { cursor, limit: 100 });
      for (const photo of page.photos) {
        if (new Date(photo.updatedAt).getTime() > cutoff) continue;
        if (state === 'processing' && photo.leaseExpiresAt && new Date(photo.leaseExpiresAt) > now) continue;
        const key = originalKey(photo.employeeId, photo.photoId);
        stillStuck.add(key);
        const earlier = memory.get(key);
        const wait = options.stuckAfterMs * Math.min(MAX_BACKOFF_FACTOR, 2 ** (earlier?.times ?? 0));
        if (earlier && now.getTime() - earlier.at < wait) continue;
        if (await announceOriginalAgain(platform, key, now)) {
          redriven += 1;
          memory.set(key, { at: now.getTime(), times: (earlier?.times ?? 0) + 1 });
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  // Photos that settled (or went) need no memory.
  for (const key of memory.keys()) if (!stillStuck.has(key)) memory.delete(key);
  return { redriven };
}

/** Raises an ObjectCreated event for an original already stored; false when there is none. */
async function announceOriginalAgain(platform: Platform, key: string, now: Date): Promise<boolean> {
  // No original means the upload never reached S3, and the orphan sweep removes the record later.
  if (platform.env.APP_ENV === 'local') {
    if (!platform.env.S3_ENDPOINT) throw new Error("the local redrive needs the S3 emulator's endpoint");
    const outcome = await requestRedelivery(
      platform.env.S3_ENDPOINT,
      { bucket: platform.bucket, key },
      { timeoutMs: platform.env.AWS_REQUEST_TIMEOUT_MS },
    );
    return outcome === 'redelivered';
  }
  try {
    await platform.s3.send(
      new CopyObjectCommand({
        Bucket: platform.bucket,
        Key: key,
        CopySource: `${platform.bucket}/${key}`,
        // S3 refuses a copy onto itself that changes nothing; new metadata makes it a new object version.
        MetadataDirective: 'REPLACE',
        Metadata: { redriven: now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return false;
    throw error;
  }
}
