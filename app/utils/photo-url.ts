/**
 * The photo route's URL, built and parsed here only: /photos/<employeeId>/<photoId>/<size>.<webp|jpg>, served by
 * app/routes/photos.$employeeId.$photoId.$file.ts. Plain TypeScript with no server imports: loaders pass a photo's
 * ids (a PhotoRef), and components build its URLs with photoUrl.
 */
import { z } from 'zod';
import {
  RENDITION_EXTENSIONS,
  RENDITION_FORMATS,
  RENDITION_SIZES,
  type RenditionFormat,
  type RenditionSize,
} from '@shared/contracts/s3-keys';

/** One photo of one employee, by its ids: what a page is given to show a photo (never a URL). */
export interface PhotoRef {
  employeeId: string;
  photoId: string;
}

/** One file of a photo: a size and a format. */
export interface PhotoRendition extends PhotoRef {
  size: RenditionSize;
  format: RenditionFormat;
}

export function photoUrl(photo: PhotoRef, size: RenditionSize, format: RenditionFormat): string {
  return `/photos/${photo.employeeId}/${photo.photoId}/${size}.${RENDITION_EXTENSIONS[format]}`;
}

const formatOfExtension = Object.fromEntries(
  RENDITION_FORMATS.map((format) => [RENDITION_EXTENSIONS[format], format]),
) as Record<string, RenditionFormat>;

const fileName = new RegExp(
  `^(${RENDITION_SIZES.join('|')})\\.(${RENDITION_FORMATS.map((format) => RENDITION_EXTENSIONS[format]).join('|')})$`,
);

const segmentsSchema = z.object({
  employeeId: z.string().uuid(),
  photoId: z.string().uuid(),
  file: z.string().regex(fileName),
});

/** The rendition a photo URL's segments (the route's params) name, or null when they name none. */
export function parsePhotoUrl(segments: {
  employeeId?: string;
  photoId?: string;
  file?: string;
}): PhotoRendition | null {
  const parsed = segmentsSchema.safeParse(segments);
  if (!parsed.success) return null;
  const [, size, extension] = fileName.exec(parsed.data.file)!;
  return {
    employeeId: parsed.data.employeeId,
    photoId: parsed.data.photoId,
    size: Number(size) as RenditionSize,
    format: formatOfExtension[extension],
  };
}
