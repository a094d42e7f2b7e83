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
import { recordUploadedPhoto, deletePhotoRecord, getPhoto } from '@shared/photo-records';
import type { FaceCheckPolicySchema } from '@shared/contracts/photo-record';
import { createRekognitionClient } from '@shared/aws-clients';
import { createFaceVerifier } from '@shared/faces/create-face-verifier';
import type { FaceVerifier } from '@shared/faces/face-verifier';
import type { z } from 'zod';
import type { Platform } from '~/platform.server';
import { metadataTable } from '@shared/metadata-table';
import { isStoreUnavailable } from '~/utils/store-unavailable.server';
import type { StagedPhoto } from './photo-upload.server';

export interface StoredPhoto {
  employeeId: string;
  photoId: string;
}

/**
 * The original's upload, streamed from the staged file. The SDK never retries a request whose body is a stream
 * (it cannot rewind it), so a connection dropped mid-upload (a keep-alive socket the other end had just closed:
 * seen in resilience runs) would fail the whole join. It is tried again here, with a fresh stream, as often as
 * the SDK tries other calls (AWS_MAX_ATTEMPTS). Putting the same key again is harmless.
 */
async function putOriginal(platform: Platform, key: string, photo: StagedPhoto): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await platform.s3.send(
        new PutObjectCommand({
          Bucket: platform.bucket,
          Key: key,
          Body: fs.createReadStream(photo.path),
          ContentLength: photo.bytes,
          ContentType: photo.contentType,
        }),
      );
      return;
    } catch (error) {
      if (attempt >= platform.env.AWS_MAX_ATTEMPTS || !isStoreUnavailable(error)) throw error;
      platform.log.warn('photo upload to S3 failed, trying again', { key, attempt, error });
    }
  }
}

/** Record (DynamoDB), then original (S3). If the upload fails, the record is removed again. */
export async function storeOriginal(
  platform: Platform,
  employeeId: string,
  photo: StagedPhoto,
  // Only the local demo seed passes `demo-not-checked` (its pictures are drawings): uploads are always checked.
  options: { faceCheckPolicy?: z.infer<typeof FaceCheckPolicySchema> } = {},
): Promise<StoredPhoto> {
  const photoId = randomUUID();
  await recordUploadedPhoto(metadataTable(platform), {
    employeeId,
    photoId,
    declaredContentType: photo.contentType,
    bytes: photo.bytes,
    faceCheckPolicy: options.faceCheckPolicy ?? 'check',
  });
  try {
    await putOriginal(platform, originalKey(employeeId, photoId), photo);
  } catch (error) {
    await deletePhotoRecord(metadataTable(platform), { employeeId, photoId }).catch((cleanupError: unknown) =>
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
  await forgetFaceOf(platform, photo);
  await deleteRenditions(platform, photo);
  await platform.s3.send(
    new DeleteObjectCommand({ Bucket: platform.bucket, Key: originalKey(photo.employeeId, photo.photoId) }),
  );
  await deletePhotoRecord(metadataTable(platform), photo);
  await deleteRenditions(platform, photo);
}

// One verifier per platform (its Rekognition client created once); creating one loads no model.
const verifiers = new WeakMap<Platform, FaceVerifier>();

/**
 * Deletes the face kept outside the photo record (a Rekognition collection face) before the record goes, so
 * no face outlives its photo. A descriptor on the record goes with the record. Throws if Rekognition does, so
 * the deletion is retried (by the caller or the orphan sweep) rather than the face forgotten about.
 */
async function forgetFaceOf(platform: Platform, photo: StoredPhoto): Promise<void> {
  const record = await getPhoto(metadataTable(platform), photo);
  if (record?.faceReference?.kind !== 'rekognition') return;
  await faceVerifierOf(platform).forgetFace(record.faceReference);
}

/** The platform's face verifier, for deleting faces (Rekognition's DeleteFaces; a no-op for the local model). */
export function faceVerifierOf(platform: Platform): FaceVerifier {
  let verifier = verifiers.get(platform);
  if (!verifier) {
    verifier = createFaceVerifier(platform.env, () =>
      createRekognitionClient({ region: platform.env.AWS_REGION, settings: platform.env }),
    );
    verifiers.set(platform, verifier);
  }
  return verifier;
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
