/**
 * The browser's first look at a chosen photo, before anything is sent: the type and size the field's hint
 * promises. The server checks again (it reads the content, which a file's type only claims), in the same words.
 */

/** What the picker offers; the same formats the server reads (services/photo-upload.server.ts), HEIC left out. */
export const ACCEPTED_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif', 'image/gif'] as const;

export const UNREADABLE_PHOTO_MESSAGE =
  'This file is not a photo we can read. Use a JPEG, PNG, WebP, AVIF or GIF image.';

const MEGABYTE = 1024 * 1024;

function formatMegabytes(bytes: number): string {
  return `${Math.round((bytes / MEGABYTE) * 10) / 10} MB`;
}

/** A message for the person who chose the file, or null when it may be previewed and sent. */
export function checkChosenPhoto(file: { type: string; size: number }, maxMegabytes: number): string | null {
  // An empty type means the browser could not tell (an unusual extension): decoding the preview decides.
  if (file.type !== '' && !(ACCEPTED_PHOTO_TYPES as readonly string[]).includes(file.type)) {
    return UNREADABLE_PHOTO_MESSAGE;
  }
  if (file.size > maxMegabytes * MEGABYTE) {
    return `This photo is ${formatMegabytes(file.size)}; the limit is ${formatMegabytes(maxMegabytes * MEGABYTE)}. Choose a smaller one.`;
  }
  if (file.size === 0) return UNREADABLE_PHOTO_MESSAGE;
  return null;
}
