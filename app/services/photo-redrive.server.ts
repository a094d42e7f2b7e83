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
import { photoTable } from './photo-storage.server';

export async function redriveStuckPhotos(
  platform: Platform,
  options: { stuckAfterMs: number; now?: Date },
): Promise<{ redriven: number }> {
  const now = options.now ?? new Date();
  const cutoff = now.getTime() - options.stuckAfterMs;
  let redriven = 0;
  for (const state of ['uploaded', 'processing'] as const) {
    let cursor: string | undefined;
    do {
      const page = await listPhotosByState(photoTable(platform), state, { cursor, limit: 100 });
      for (const photo of page.photos) {
        if (new Date(photo.updatedAt).getTime() > cutoff) continue;
        if (state === 'processing' && photo.leaseExpiresAt && new Date(photo.leaseExpiresAt) > now) continue;
        const key = originalKey(photo.employeeId, photo.photoId);
        if (await announceOriginalAgain(platform, key, now)) redriven += 1;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
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
