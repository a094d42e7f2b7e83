/**
 * The photo record: one DynamoDB item per uploaded photo (pk = EMP#<employeeId>, sk = PHOTO#<photoId>),
 * written by the app when it accepts an upload and by the photo function as it processes it.
 * State machine and field meanings: docs/dynamodb-photo-record.md.
 */
import { z } from 'zod';
import { RENDITION_FORMATS, RENDITION_SIZES, type RenditionSize } from './s3-keys';

export const PHOTO_STATES = ['uploaded', 'processing', 'ready', 'failed'] as const;
export const PhotoStateSchema = z.enum(PHOTO_STATES);
export type PhotoState = z.infer<typeof PhotoStateSchema>;

/** Formats the photo function accepts, as sharp names them (AVIF and HEIC both read as `heif`). */
export const ACCEPTED_SOURCE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif', 'heic'] as const;
export const SourceFormatSchema = z.enum(ACCEPTED_SOURCE_FORMATS);
export type SourceFormat = z.infer<typeof SourceFormatSchema>;

export const SOURCE_CONTENT_TYPES: Record<SourceFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heic: 'image/heic',
};

export const RENDITION_CONTENT_TYPES = { webp: 'image/webp', jpeg: 'image/jpeg' } as const;

const isoTime = z.string().datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 as 64 lowercase hex digits');

/**
 * The face check's outcome on a photo (docs/dynamodb-photo-record.md):
 *   verified      one face, good enough; for a replacement, the same person as the verified photo
 *   rejected      no face, several, too small, too dark or blurred, not facing the camera (state `failed`)
 *   needs-review  a replacement that may not be the same person: HR decides; the old photo stays meanwhile
 *   check-failed  the check could not run (model or Rekognition failing after retries): HR may approve by hand
 *   not-checked   a generated demo photo (the local seed), shown to HR as such; never set for an upload
 *   no-consent    the person did not agree to the face check (declined, withdrew, or was not asked under the
 *                 current notice): nothing was detected or compared; HR checks the photo by eye
 *   approved      HR accepted a needs-review or check-failed photo
 *   refused       HR refused it (state `failed`)
 */
export const FACE_CHECK_OUTCOMES = [
  'verified',
  'rejected',
  'needs-review',
  'check-failed',
  'not-checked',
  'no-consent',
  'approved',
  'refused',
] as const;
export const FaceCheckOutcomeSchema = z.enum(FACE_CHECK_OUTCOMES);
export type FaceCheckOutcome = z.infer<typeof FaceCheckOutcomeSchema>;

/** Outcomes with which a ready photo may go on the profile. Anything else waits for HR or never shows. */
export const PROMOTABLE_FACE_CHECKS: readonly FaceCheckOutcome[] = ['verified', 'not-checked', 'approved'];
/** Outcomes that wait for an HR decision. */
export const HELD_FACE_CHECKS: readonly FaceCheckOutcome[] = ['needs-review', 'check-failed', 'no-consent'];

const fraction = z.number().min(0).max(1);

export const FaceCheckSchema = z.object({
  outcome: FaceCheckOutcomeSchema,
  /** For people: why it was rejected, held or not checked. */
  reason: z.string().max(500).optional(),
  /** `none`: no check ran because the person did not consent (outcome `no-consent`). */
  checkedBy: z.enum(['face-api', 'rekognition', 'seed', 'none']),
  checkedAt: isoTime,
  /** The face found, in fractions of the upright image (the renditions are centred on it). */
  faceBox: z.object({ left: fraction, top: fraction, width: fraction, height: fraction }).optional(),
  /** A replacement: the verified photo it was compared with, and how alike (0..100). */
  comparedWithPhotoId: z.string().uuid().optional(),
  similarity: z.number().min(0).max(100).optional(),
  /** HR's decision on a held photo. */
  reviewedBy: z.string().min(1).max(64).optional(),
  reviewedAt: isoTime.optional(),
});
export type FaceCheck = z.infer<typeof FaceCheckSchema>;

/**
 * Personal data (decision 205): what a later replacement is compared with. Kept on this record only, never
 * logged or exported, deleted with the record (and, for Rekognition, DeleteFaces on the collection).
 */
export const FaceReferenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('descriptor'),
    model: z.string().min(1),
    descriptor: z.array(z.number()).min(1).max(1024),
  }),
  z.object({ kind: z.literal('rekognition'), collectionId: z.string().min(1), faceId: z.string().min(1) }),
]);

/**
 * Whether the photo function checks faces on this upload. Set by server code only, never from form input:
 *   check             the person agreed to the current face-check notice (docs/decisions/206-face-check-consent.md)
 *   no-consent        they declined, withdrew, or were not asked under the current notice: no detection, no
 *                     comparison, no reference; the photo waits for HR to look at it
 *   demo-not-checked  the local demo seed's drawings (decision 205)
 */
export const FACE_CHECK_POLICIES = ['check', 'no-consent', 'demo-not-checked'] as const;
export const FaceCheckPolicySchema = z.enum(FACE_CHECK_POLICIES);
export type FaceCheckPolicy = z.infer<typeof FaceCheckPolicySchema>;

export const RenditionSchema = z.object({
  size: z.custom<RenditionSize>((v) => (RENDITION_SIZES as readonly unknown[]).includes(v), 'one of RENDITION_SIZES'),
  format: z.enum(RENDITION_FORMATS),
  key: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().positive(),
});
export type Rendition = z.infer<typeof RenditionSchema>;

export const PhotoRecordSchema = z.object({
  employeeId: z.string().uuid(),
  photoId: z.string().uuid(),
  state: PhotoStateSchema,
  /** originals/<employeeId>/<photoId> */
  originalKey: z.string().min(1),
  /** What the uploader claimed (the app's upload check); the function's own finding is `format`/`contentType`. */
  declaredContentType: z.string().optional(),
  /** Detected from the content by the photo function. */
  format: SourceFormatSchema.optional(),
  contentType: z.string().optional(),
  /** Size of the original in bytes. */
  bytes: z.number().int().nonnegative().optional(),
  /** Pixel size of the original as displayed (after EXIF orientation). */
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  /** sha256 of the original's bytes, hex. Set once the function has read the original. */
  contentHash: sha256Hex.optional(),
  renditions: z.array(RenditionSchema).default([]),
  /** Human-readable, for the employee and the operator; set only in state `failed`. */
  failureReason: z.string().optional(),
  /** Processing attempts so far (each claim adds one); also the fencing token of the current claim. */
  attempt: z.number().int().nonnegative().default(0),
  /** Claims since the last result that ended with neither a result nor a release: crashes and timeouts. */
  unfinishedClaims: z.number().int().nonnegative().default(0),
  faceCheckPolicy: FaceCheckPolicySchema.default('check'),
  /** Set by the photo function once it has checked (absent on photos processed before the face check). */
  faceCheck: FaceCheckSchema.optional(),
  faceReference: FaceReferenceSchema.optional(),
  /** Adds one on every write: usable for optimistic locking. */
  version: z.number().int().positive(),
  /** While `processing`: when the claim lapses and another invocation may take over. */
  leaseExpiresAt: isoTime.optional(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type PhotoRecord = z.infer<typeof PhotoRecordSchema>;

/** What the app gives when it records an accepted upload. */
export const NewPhotoSchema = z.object({
  employeeId: z.string().uuid(),
  photoId: z.string().uuid(),
  declaredContentType: z.string().optional(),
  bytes: z.number().int().nonnegative().optional(),
  faceCheckPolicy: FaceCheckPolicySchema.default('check'),
});
export type NewPhoto = z.input<typeof NewPhotoSchema>;

/** A ready photo that may go on the profile (photos from before the face check have no outcome: they may). */
export const isPromotable = (record: Pick<PhotoRecord, 'state' | 'faceCheck'>) =>
  record.state === 'ready' && (!record.faceCheck || PROMOTABLE_FACE_CHECKS.includes(record.faceCheck.outcome));

/** A ready photo waiting for HR: a possible different person, a check that could not run, or one not consented to. */
export const isHeldForReview = (record: Pick<PhotoRecord, 'state' | 'faceCheck'>) =>
  record.state === 'ready' && !!record.faceCheck && HELD_FACE_CHECKS.includes(record.faceCheck.outcome);
