/**
 * Photos whose processing never happened: the record still says `uploaded` (or `processing` with a lapsed lease)
 * well after the upload. The S3 -> function event was lost: the local trigger dies with its S3 process, and on AWS
 * an asynchronous invocation that fails three times is dropped. Copying the original onto itself raises a fresh
 * ObjectCreated event for the same key and bytes; the function's claim and content hash make a duplicate harmless
 * (docs/dynamodb-photo-record.md). Found by the resilience harness: photos uploaded just before the S3 store was
 * killed stayed `uploaded` for good.
 */
import { CopyObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { listPhotosByState } from '@shared/photo-records';
import { originalKey } from '@shared/contracts/s3-keys';
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
          redriven += 1;
        } catch (error) {
          // No original: the upload never reached S3, and the orphan sweep removes the record later.
          if (!(error instanceof NoSuchKey) && (error as Error).name !== 'NoSuchKey') throw error;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return { redriven };
}
