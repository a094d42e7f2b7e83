/**
 * The S3 key layout, shared by the app, the photo function and the infrastructure.
 * Keys are built only from ids the system generated (UUIDs), never from user-supplied file names.
 */
import { z } from 'zod';

export const ORIGINALS_PREFIX = 'originals/';
export const RENDITIONS_PREFIX = 'renditions/';

const uuid = z.string().uuid();

export const RENDITION_SIZES = [96, 256, 512] as const;
export type RenditionSize = (typeof RENDITION_SIZES)[number];
export const RENDITION_FORMATS = ['webp', 'jpeg'] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];
/** A rendition's file extension, in its S3 key and in the app's photo URL: JPEG is `.jpg`. */
export const RENDITION_EXTENSIONS = { webp: 'webp', jpeg: 'jpg' } as const satisfies Record<RenditionFormat, string>;

/** originals/<employeeId>/<photoId> */
export function originalKey(employeeId: string, photoId: string): string {
  return `${ORIGINALS_PREFIX}${uuid.parse(employeeId)}/${uuid.parse(photoId)}`;
}

/** renditions/<employeeId>/<photoId>/<size>.<webp|jpg> */
export function renditionKey(
  employeeId: string,
  photoId: string,
  size: RenditionSize,
  format: RenditionFormat,
): string {
  return `${RENDITIONS_PREFIX}${uuid.parse(employeeId)}/${uuid.parse(photoId)}/${size}.${RENDITION_EXTENSIONS[format]}`;
}

/** The prefix under which every rendition of one photo lives: deleting it removes them all. */
export function renditionPrefix(employeeId: string, photoId: string): string {
  return `${RENDITIONS_PREFIX}${uuid.parse(employeeId)}/${uuid.parse(photoId)}/`;
}

const originalKeyPattern = /^originals\/([0-9a-f-]{36})\/([0-9a-f-]{36})$/;

/** Parses an original's key back into its ids; null for anything that is not an original (renditions included). */
export function parseOriginalKey(key: string): { employeeId: string; photoId: string } | null {
  const match = originalKeyPattern.exec(key);
  if (!match) return null;
  const ids = z.object({ employeeId: uuid, photoId: uuid }).safeParse({ employeeId: match[1], photoId: match[2] });
  return ids.success ? ids.data : null;
}
