/**
 * Storing and removing a photo's objects and record. The original is streamed from the staged file; the
 * record is written first so the photo function always finds it, and removed last when undoing.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
} from '@aws-sdk/client-s3';
import {
  originalKey,
  renditionKey,
  renditionPrefix,
  type RenditionFormat,
  type RenditionSize,
} from '@shared/contracts/s3-keys';
import { recordUploadedPhoto, deletePhotoRecord } from '@shared/photo-records';
import type { Platform } from '~/platform.server';
import type { StagedPhoto } from './photo-upload.server';

export interface StoredPhoto {
  employeeId: string;
  photoId: string;
}

export function photoTable(platform: Platform) {
  return { db: platform.dynamo, tableName: platform.tableName };
}

/** Record (DynamoDB), then original (S3). If the upload fails, the record is removed again. */
export async function storeOriginal(platform: Platform, employeeId: string, photo: StagedPhoto): Promise<StoredPhoto> {
  const photoId = randomUUID();
  await recordUploadedPhoto(photoTable(platform), {
    employeeId,
    photoId,
    declaredContentType: photo.contentType,
    bytes: photo.bytes,
  });
  try {
    await platform.s3.send(
      new PutObjectCommand({
        Bucket: platform.bucket,
        Key: originalKey(employeeId, photoId),
        Body: fs.createReadStream(photo.path),
        ContentLength: photo.bytes,
        ContentType: photo.contentType,
      }),
    );
  } catch (error) {
    await deletePhotoRecord(photoTable(platform), { employeeId, photoId }).catch((cleanupError: unknown) =>
      platform.log.warn('photo record left for the orphan sweep', { employeeId, photoId, error: cleanupError }),
    );
    throw error;
  }
  return { employeeId, photoId };
}

/**
 * Deletes a photo's original, renditions and record. Idempotent: a missing piece is not an error.
 * The record goes after the objects, so a deletion that fails half-way leaves a record for the orphan sweep to
 * retry. The renditions are listed once more after it: the photo function may have finished in between, and
 * it cleans up after itself only when it finds the record already gone.
 */
export async function deletePhoto(platform: Platform, photo: StoredPhoto): Promise<void> {
  await deleteRenditions(platform, photo);
  await platform.s3.send(
    new DeleteObjectCommand({ Bucket: platform.bucket, Key: originalKey(photo.employeeId, photo.photoId) }),
  );
  await deletePhotoRecord(photoTable(platform), photo);
  await deleteRenditions(platform, photo);
}

async function deleteRenditions(platform: Platform, photo: StoredPhoto): Promise<void> {
  const prefix = renditionPrefix(photo.employeeId, photo.photoId);
  const listed = await platform.s3.send(new ListObjectsV2Command({ Bucket: platform.bucket, Prefix: prefix }));
  const keys = (listed.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
  if (keys.length > 0) {
    await platform.s3.send(
      new DeleteObjectsCommand({ Bucket: platform.bucket, Delete: { Objects: keys, Quiet: true } }),
    );
  }
}

export type RenditionRead =
  | { status: 'ok'; body: ReadableStream; contentLength?: number; etag?: string }
  | { status: 'not-modified' }
  | { status: 'missing' };

/** One rendition from the private bucket, for the app's photo route (conditional on the browser's ETag). */
export async function readRendition(
  platform: Platform,
  target: { employeeId: string; photoId: string; size: RenditionSize; format: RenditionFormat; ifNoneMatch?: string },
): Promise<RenditionRead> {
  try {
    const object = await platform.s3.send(
      new GetObjectCommand({
        Bucket: platform.bucket,
        Key: renditionKey(target.employeeId, target.photoId, target.size, target.format),
        IfNoneMatch: target.ifNoneMatch,
      }),
    );
    return {
      status: 'ok',
      body: object.Body!.transformToWebStream(),
      contentLength: object.ContentLength,
      etag: object.ETag,
    };
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 304) {
      return { status: 'not-modified' };
    }
    // Not processed yet (or failed): the page shows the placeholder instead.
    if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return { status: 'missing' };
    throw error;
  }
}
