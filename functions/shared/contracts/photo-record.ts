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
});
export type NewPhoto = z.infer<typeof NewPhotoSchema>;
