/**
 * One original in, renditions and a `ready` (or `failed`) record out. Called with injected clients by the
 * Lambda handler and, locally, by the S3 emulator's event listener: one code path, two triggers.
 *
 *   ignored   the key is not under originals/ (our own rendition writes land here) or not an object-created event
 *   skipped   nothing to do: no record (orphan or deleted photo), already processed with the same content,
 *             or another invocation finished first; a photo deleted while it was processed has the renditions
 *             just written removed again
 *   ready     renditions written, record updated with the face check's outcome (verified, or held for HR:
 *             needs-review / check-failed; the web app's photo watcher promotes only what may be shown)
 *   failed    the image can never be processed, or the face check rejected it; the record says why
 *             (a normal return: no retry storm)
 *
 * Anything transient (S3 or DynamoDB unavailable, another invocation holding a live claim) throws,
 * so Lambda retries the event; every step is idempotent, so a retry converges on the same result.
 */
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  S3EventSchema,
  S3TestEventSchema,
  decodeS3Key,
  isObjectCreated,
  type S3EventRecord,
} from '@shared/contracts/s3-event';
import { parseOriginalKey, renditionKey } from '@shared/contracts/s3-keys';
import {
  RENDITION_CONTENT_TYPES,
  type FaceCheck,
  type PhotoRecord,
  type Rendition,
} from '@shared/contracts/photo-record';
import { faceImageFromRaw } from '@shared/faces/decode-for-faces';
import { UnprocessableImageError } from '@shared/errors';
import { PHOTO_MAX_INPUT_PIXELS } from '@shared/contracts/photo-limits';
import { silentLogger, type Logger } from '@shared/logger';
import {
  claimPhotoForProcessing,
  findVerifiedFaceReference,
  getPhoto,
  markPhotoFailed,
  markPhotoReady,
  releasePhotoClaim,
  type OriginalFacts,
  type PhotoIds,
} from '@shared/photo-records';
import type { MetadataTable } from '@shared/metadata-table';
import { readOriginal, type Original } from './original';
import { checkFaces, type FaceCheckDeps } from './face-check';
import {
  decodeUpright,
  inspectImage,
  renditionsFromUpright,
  uprightRgb,
  type ImageLimits,
  type RenditionOutput,
} from './renditions';

export interface PhotoLimits extends ImageLimits {
  maxOriginalBytes: number;
  leaseSeconds: number;
  /** A photo whose processing died this many times in a row (out of memory, timeout) is marked failed. */
  maxAttempts: number;
}

export const DEFAULT_LIMITS: PhotoLimits = {
  maxInputPixels: PHOTO_MAX_INPUT_PIXELS,
  maxOriginalBytes: 25 * 1024 * 1024,
  leaseSeconds: 60,
  maxAttempts: 3,
};

export interface PhotoProcessorDeps {
  s3: S3Client;
  table: MetadataTable;
  /** The face check: a real model locally, Rekognition on AWS. */
  faces: FaceCheckDeps;
  limits?: Partial<PhotoLimits>;
  log?: Logger;
  now?: () => Date;
}

export const RENDITION_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export type PhotoOutcome =
  | { status: 'ignored'; key: string; reason: 'not-an-original' | 'not-object-created' }
  | {
      status: 'skipped';
      key: string;
      ids: PhotoIds;
      reason: 'no-record' | 'already-processed' | 'superseded';
      record: PhotoRecord | null;
    }
  | { status: 'ready'; key: string; ids: PhotoIds; record: PhotoRecord }
  | { status: 'failed'; key: string; ids: PhotoIds; reason: string; record: PhotoRecord };

/** Another invocation holds a live claim on the photo: retry later (transient). */
export class PhotoInProgressError extends Error {
  override name = 'PhotoInProgressError';
  constructor(readonly ids: PhotoIds) {
    super(`Photo ${ids.photoId} of employee ${ids.employeeId} is being processed by another invocation`);
  }
}

/**
 * Processes every record of an S3 event notification (S3 → Lambda shape, keys URL-encoded).
 * Returns one outcome per record; throws after trying them all if any failed transiently.
 */
export async function processS3Event(event: unknown, deps: PhotoProcessorDeps): Promise<PhotoOutcome[]> {
  if (S3TestEventSchema.safeParse(event).success) return [];
  const parsed = S3EventSchema.parse(event);
  const outcomes: PhotoOutcome[] = [];
  const errors: unknown[] = [];
  for (const record of parsed.Records) {
    try {
      outcomes.push(await processS3Record(record, deps));
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} photos could not be processed now`);
  return outcomes;
}

export async function processS3Record(record: S3EventRecord, deps: PhotoProcessorDeps): Promise<PhotoOutcome> {
  const key = decodeS3Key(record.s3.object.key);
  if (!isObjectCreated(record)) return { status: 'ignored', key, reason: 'not-object-created' };
  const ids = parseOriginalKey(key);
  if (!ids) return { status: 'ignored', key, reason: 'not-an-original' };
  const outcome = await processOriginal({ bucket: record.s3.bucket.name, key, ids }, deps);
  const log = deps.log ?? silentLogger;
  log[outcome.status === 'failed' ? 'warn' : 'info'](`photo ${outcome.status}`, {
    key,
    ...ids,
    ...('reason' in outcome ? { reason: outcome.reason } : {}),
    ...(outcome.status === 'ready' ? { attempt: outcome.record.attempt } : {}),
  });
  return outcome;
}

async function processOriginal(
  target: { bucket: string; key: string; ids: PhotoIds },
  deps: PhotoProcessorDeps,
): Promise<PhotoOutcome> {
  const { key, ids } = target;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? (() => new Date());

  const current = await getPhoto(deps.table, ids);
  if (!current) return { status: 'skipped', key, ids, reason: 'no-record', record: null };
  if (current.state === 'processing' && current.leaseExpiresAt && current.leaseExpiresAt > now().toISOString()) {
    throw new PhotoInProgressError(ids);
  }

  let original: Original | null = null;
  let unreadable: UnprocessableImageError | null = null;
  try {
    original = await readOriginal(deps.s3, target, limits.maxOriginalBytes);
  } catch (error) {
    if (!(error instanceof UnprocessableImageError)) throw error;
    unreadable = error;
  }

  // A retried or duplicated event for content already processed: same result, no writes.
  if (
    original &&
    (current.state === 'ready' || current.state === 'failed') &&
    current.contentHash === original.contentHash
  ) {
    return { status: 'skipped', key, ids, reason: 'already-processed', record: current };
  }

  const claim = await claimPhotoForProcessing(deps.table, ids, { leaseSeconds: limits.leaseSeconds }, now());
  if (!claim.claimed) {
    if (!claim.current) return { status: 'skipped', key, ids, reason: 'no-record', record: null };
    if (claim.current.state === 'processing') throw new PhotoInProgressError(ids);
    return { status: 'skipped', key, ids, reason: 'superseded', record: claim.current };
  }
  const attempt = claim.record.attempt;
  const facts: OriginalFacts = original ? { bytes: original.bytes, contentHash: original.contentHash } : {};

  const fail = async (reason: string, faceCheck?: FaceCheck): Promise<PhotoOutcome> => {
    const failed = await markPhotoFailed(deps.table, { ...ids, attempt, reason, original: facts, faceCheck }, now());
    // The record no longer holds the face kept for this photo's earlier content: delete that face too.
    if (failed && claim.record.faceReference) await forgetQuietly(deps, claim.record.faceReference);
    return failed
      ? { status: 'failed', key, ids, reason, record: failed }
      : { status: 'skipped', key, ids, reason: 'superseded', record: await getPhoto(deps.table, ids) };
  };

  if (unreadable || !original) return fail(unreadable?.reason ?? 'The original could not be read.');
  // This claim counts too: more than maxAttempts means that many earlier tries died without a word.
  if (claim.record.unfinishedClaims > limits.maxAttempts) {
    return fail(`Processing stopped without finishing ${limits.maxAttempts} times; the image may be too demanding.`);
  }

  try {
    let renditions: Rendition[];
    let check: Awaited<ReturnType<typeof checkFaces>>;
    try {
      // Header checks (format, pixel bomb) first, then one decode: nothing unchecked reaches the face model.
      const image = await inspectImage(original.body, limits);
      Object.assign(facts, image);
      const upright = await decodeUpright(original.body, limits);
      const policy = claim.record.faceCheckPolicy;
      check = await checkFaces(
        await faceImageFromRaw(await uprightRgb(upright), upright.width, upright.height),
        {
          employeeId: ids.employeeId,
          policy,
          previous: policy === 'check' ? await findVerifiedFaceReference(deps.table, ids) : null,
        },
        deps.faces,
        now,
      );
      if (check.faceCheck.outcome === 'rejected') return await fail(check.faceCheck.reason!, check.faceCheck);
      const outputs = await renditionsFromUpright(upright, check.faceCheck.faceBox);
      renditions = await writeRenditions(deps.s3, target.bucket, ids, original.contentHash, outputs);
    } catch (error) {
      if (error instanceof UnprocessableImageError) return await fail(error.reason);
      throw error;
    }
    const ready = await markPhotoReady(
      deps.table,
      { ...ids, attempt, original: facts, renditions, faceCheck: check.faceCheck, faceReference: check.reference },
      now(),
    );
    // A face kept for an earlier version of this photo's content is nobody's reference any more.
    const replacedReference = claim.record.faceReference;
    if (ready && replacedReference) await forgetQuietly(deps, replacedReference);
    if (!ready && check.reference) await forgetQuietly(deps, check.reference);
    if (ready) return { status: 'ready', key, ids, record: ready };
    const latest = await getPhoto(deps.table, ids);
    if (latest) return { status: 'skipped', key, ids, reason: 'superseded', record: latest };
    // Deleted while we worked (an undone sign-up, a replaced photo): the app's cleanup has already listed the
    // renditions, so these would belong to nobody. Photo ids are never reused, so no one else wants these keys.
    await deleteRenditions(deps.s3, target.bucket, renditions);
    return { status: 'skipped', key, ids, reason: 'no-record', record: null };
  } catch (error) {
    // Let the retry claim at once rather than wait out the lease; if DynamoDB is the thing that is down, it waits.
    await releasePhotoClaim(deps.table, { ...ids, attempt }, now()).catch(() => undefined);
    throw error;
  }
}

/**
 * Best effort: a failure is logged (never the face id) and that face stays in the collection under the
 * employee's id (ExternalImageId); no sweep removes such strays yet (decision 205).
 */
async function forgetQuietly(deps: PhotoProcessorDeps, reference: NonNullable<PhotoRecord['faceReference']>) {
  await deps.faces.verifier.forgetFace(reference).catch((error: unknown) =>
    (deps.log ?? silentLogger).warn('a stored face could not be deleted', {
      error: error instanceof Error ? error.name : 'Error',
    }),
  );
}

async function writeRenditions(
  s3: S3Client,
  bucket: string,
  ids: PhotoIds,
  contentHash: string,
  outputs: RenditionOutput[],
): Promise<Rendition[]> {
  return Promise.all(
    outputs.map(async (output) => {
      const key = renditionKey(ids.employeeId, ids.photoId, output.size, output.format);
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: output.body,
          ContentLength: output.body.length,
          ContentType: RENDITION_CONTENT_TYPES[output.format],
          // Keys are per photo id and never rewritten with other content: safe to cache for good.
          CacheControl: RENDITION_CACHE_CONTROL,
          Metadata: { 'source-sha256': contentHash },
        }),
      );
      return {
        size: output.size,
        format: output.format,
        key,
        width: output.width,
        height: output.height,
        bytes: output.body.length,
      };
    }),
  );
}

async function deleteRenditions(s3: S3Client, bucket: string, renditions: Rendition[]): Promise<void> {
  await s3.send(
    new DeleteObjectsCommand({
      Bucket: bucket,
      Delete: { Objects: renditions.map((rendition) => ({ Key: rendition.key })), Quiet: true },
    }),
  );
}
