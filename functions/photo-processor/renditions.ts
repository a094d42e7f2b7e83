/**
 * The image work, pure over buffers: inspect an original, decode it upright once, then make the square renditions.
 * With the face check, the original is decoded once (shrink-on-load so its shorter side is at most 1024 px),
 * auto-rotated from EXIF; the face check sees that upright image, and every rendition is encoded from one raw
 * 512 px square cut from it, centred on the face when one was found. Without it (makeRenditions), the one decode
 * goes straight to the largest rendition's square (shrink-on-load to it: a quarter-scale JPEG decode for a 12 MP
 * photo instead of a half-scale one), and the smaller renditions are made from that square. Nothing of the
 * original's metadata survives: the renditions are encoded from raw pixels, and withMetadata is never called.
 */
import type { Metadata, OutputInfo, Sharp, SharpOptions } from 'sharp';
import { loadSharp } from '@shared/load-sharp';
import { SOURCE_CONTENT_TYPES, type SourceFormat } from '@shared/contracts/photo-record';
import { RENDITION_SIZES, type RenditionFormat, type RenditionSize } from '@shared/contracts/s3-keys';
import { UnprocessableImageError } from '@shared/errors';
import type { FaceBox } from '@shared/faces/face-verifier';

export interface ImageLimits {
  /** Pixel-bomb guard, checked on the header before any decode and again by libvips while decoding. */
  maxInputPixels: number;
}

export interface ImageFacts {
  format: SourceFormat;
  contentType: string;
  /** As displayed, after EXIF orientation. */
  width: number;
  height: number;
}

export interface RenditionOutput {
  size: RenditionSize;
  format: RenditionFormat;
  width: number;
  height: number;
  body: Buffer;
}

export const WEBP_QUALITY = 80;
export const JPEG_QUALITY = 82;
/** The JPEG fallback has no alpha: transparent parts become white, like the page behind them. */
const JPEG_BACKGROUND = '#ffffff';

// `failOn: 'warning'` (sharp's default, stated): a truncated upload fails instead of rendering half grey.
const inputOptions = (limits: ImageLimits): SharpOptions => ({
  limitInputPixels: limits.maxInputPixels,
  failOn: 'warning',
  pages: 1, // first frame of a GIF or animated WebP
});

const ACCEPTED_LIST = 'JPEG, PNG, WebP, AVIF or GIF';

function sourceFormat(metadata: Metadata): SourceFormat | null {
  switch (metadata.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
      return metadata.format;
    case 'heif':
      if (metadata.compression === 'av1') return 'avif';
      if (metadata.compression === 'hevc') return 'heic';
      return null;
    default:
      return null;
  }
}

/** Turns a sharp/libvips error into a reason a person can act on. */
export function describeImageError(error: unknown, limits: ImageLimits): UnprocessableImageError {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.split('\n')[0].slice(0, 200);
  if (/unsupported image format/i.test(message)) {
    return new UnprocessableImageError(`The file is not an image we can read. Upload a ${ACCEPTED_LIST} image.`, {
      cause: error,
    });
  }
  if (/pixel limit/i.test(message)) {
    return new UnprocessableImageError(
      `The image has more than ${megapixels(limits.maxInputPixels)} megapixels, the most we accept.`,
      { cause: error },
    );
  }
  if (/premature end|truncated|corrupt|bad|invalid|unexpected end|read error|load/i.test(message)) {
    return new UnprocessableImageError(`The image file is damaged or incomplete (${detail}). Upload it again.`, {
      cause: error,
    });
  }
  return new UnprocessableImageError(`The image could not be read (${detail}).`, { cause: error });
}

const megapixels = (pixels: number) => Math.round((pixels / 1_000_000) * 10) / 10;

/** Reads the header only: format, size, orientation. Refuses anything not on the accepted list or too large. */
export async function inspectImage(original: Buffer, limits: ImageLimits): Promise<ImageFacts> {
  const sharp = await loadSharp();
  let metadata: Metadata;
  try {
    // Header only, no pixels decoded: the limit is lifted here so the refusal below can state the size.
    metadata = await sharp(original, { ...inputOptions(limits), limitInputPixels: false }).metadata();
  } catch (error) {
    throw describeImageError(error, limits);
  }
  const format = sourceFormat(metadata);
  if (!format) {
    const found = metadata.format === 'heif' ? `HEIF (${metadata.compression ?? 'unknown'})` : metadata.format;
    throw new UnprocessableImageError(
      `${String(found).toUpperCase()} images are not accepted. Upload a ${ACCEPTED_LIST} image.`,
    );
  }
  const storedWidth = metadata.width;
  const storedHeight = metadata.pageHeight ?? metadata.height;
  if (!storedWidth || !storedHeight) throw new UnprocessableImageError('The image has no readable dimensions.');
  if (storedWidth * storedHeight > limits.maxInputPixels) {
    throw new UnprocessableImageError(
      `The image is ${storedWidth} × ${storedHeight} pixels (${megapixels(storedWidth * storedHeight)} megapixels); ` +
        `the most we accept is ${megapixels(limits.maxInputPixels)} megapixels.`,
    );
  }
  const swapped = (metadata.orientation ?? 1) >= 5; // EXIF orientations 5-8 turn the image a quarter
  return {
    format,
    contentType: SOURCE_CONTENT_TYPES[format],
    width: swapped ? storedHeight : storedWidth,
    height: swapped ? storedWidth : storedHeight,
  };
}

/** The original, upright and decoded once: raw sRGB pixels (3 channels, or 4 with alpha). */
export interface UprightImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** The shorter side the upright image is shrunk to: twice the largest rendition, enough for the face check. */
export const UPRIGHT_SHORT_SIDE = 1024;

/** Decodes the pixels (the pixel-bomb limit holds here too). Throws UnprocessableImageError when they cannot be. */
export async function decodeUpright(original: Buffer, limits: ImageLimits): Promise<UprightImage> {
  const sharp = await loadSharp();
  try {
    const { data, info } = await sharp(original, inputOptions(limits))
      .rotate() // applies EXIF orientation
      .resize(UPRIGHT_SHORT_SIDE, UPRIGHT_SHORT_SIDE, { fit: 'outside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const channels = info.channels === 4 ? 4 : 3;
    if (info.channels !== channels) throw new Error(`unexpected ${info.channels} channels after sRGB conversion`);
    return { data, width: info.width, height: info.height, channels };
  } catch (error) {
    throw describeImageError(error, limits);
  }
}

/** The upright image as opaque RGB (alpha on white), for the face check. */
export async function uprightRgb(upright: UprightImage): Promise<Buffer> {
  if (upright.channels === 3) return upright.data;
  const sharp = await loadSharp();
  return sharp(upright.data, { raw: upright })
    .flatten({ background: JPEG_BACKGROUND })
    .raw({ depth: 'uchar' })
    .toBuffer();
}

/**
 * The square to cut: as large as the shorter side, centred on the face (clamped to stay inside the image),
 * or on the image's centre when there is no face.
 */
export function squareAround(size: { width: number; height: number }, focus?: FaceBox) {
  const side = Math.min(size.width, size.height);
  const centreX = focus ? (focus.left + focus.width / 2) * size.width : size.width / 2;
  const centreY = focus ? (focus.top + focus.height / 2) * size.height : size.height / 2;
  const clamp = (centre: number, extent: number) => Math.round(Math.min(extent - side, Math.max(0, centre - side / 2)));
  return { left: clamp(centreX, size.width), top: clamp(centreY, size.height), width: side, height: side };
}

const LARGEST = Math.max(...RENDITION_SIZES);

/** Square renditions at every size, WebP plus a JPEG fallback, largest first, cut around `focus` (a face). */
export async function renditionsFromUpright(upright: UprightImage, focus?: FaceBox): Promise<RenditionOutput[]> {
  const sharp = await loadSharp();
  const square = await sharp(upright.data, { raw: upright })
    .extract(squareAround(upright, focus))
    .resize(LARGEST, LARGEST, { fit: 'fill' })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return renditionsFromSquare(square);
}

/** Every rendition from the largest one's raw square: the largest as it is, the smaller ones scaled from it. */
async function renditionsFromSquare(square: { data: Buffer; info: OutputInfo }): Promise<RenditionOutput[]> {
  const sharp = await loadSharp();
  const largest = LARGEST;
  const raw = { width: square.info.width, height: square.info.height, channels: square.info.channels };
  const jobs = [...RENDITION_SIZES]
    .sort((a, b) => b - a)
    .flatMap((size) => {
      const scaled = () => {
        const image = sharp(square.data, { raw });
        return size === largest ? image : image.resize(size, size, { fit: 'cover' });
      };
      return [
        encode(size, 'webp', scaled().webp({ quality: WEBP_QUALITY })),
        encode(size, 'jpeg', scaled().flatten({ background: JPEG_BACKGROUND }).jpeg({ quality: JPEG_QUALITY })),
      ];
    });
  return Promise.all(jobs);
}

/**
 * Square centre-crop renditions straight from an original (no face check), from one decode: shrink-on-load,
 * upright (EXIF), centre square at the largest rendition's size, in sRGB; then every rendition from that square.
 * The same crop and sizes as decodeUpright + renditionsFromUpright without a face, for about half the decoding.
 * Throws UnprocessableImageError when the pixels cannot be decoded.
 */
export async function makeRenditions(original: Buffer, limits: ImageLimits): Promise<RenditionOutput[]> {
  const sharp = await loadSharp();
  let square: { data: Buffer; info: OutputInfo };
  try {
    square = await sharp(original, inputOptions(limits))
      .rotate() // applies EXIF orientation before the crop
      .resize(LARGEST, LARGEST, { fit: 'cover', position: 'centre' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw describeImageError(error, limits);
  }
  return renditionsFromSquare(square);
}

async function encode(size: RenditionSize, format: RenditionFormat, pipeline: Sharp): Promise<RenditionOutput> {
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
  return { size, format, width: info.width, height: info.height, body: data };
}
