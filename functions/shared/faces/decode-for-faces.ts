/**
 * The image a face check sees: the upright original (EXIF orientation applied), shrunk to fit 1024 px, as raw
 * sRGB pixels plus a JPEG of the same pixels. The photo function makes it once per photo after its pixel-bomb
 * and format checks, so nothing the model (or Rekognition) is given can be a bomb or a corrupt file.
 */
import { loadSharp } from '../load-sharp';
import type { FaceImage } from './face-verifier';

/** Detectors work at 512 px or less; 1024 keeps a face at 15% of the width about 150 px wide. */
export const FACE_IMAGE_MAX_SIDE = 1024;

/** From already-decoded upright RGB pixels (what the photo function has). */
export async function faceImageFromRaw(rgb: Buffer, width: number, height: number): Promise<FaceImage> {
  const sharp = await loadSharp();
  const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return { rgb, width, height, jpeg };
}

/** From an encoded image (tests, benches): decode, turn upright, shrink, flatten any alpha onto white. */
export async function faceImageFromFile(
  encoded: Buffer,
  options: { limitInputPixels?: number } = {},
): Promise<FaceImage> {
  const sharp = await loadSharp();
  const { data, info } = await sharp(encoded, {
    limitInputPixels: options.limitInputPixels ?? 50_000_000,
    failOn: 'warning',
  })
    .rotate()
    .resize(FACE_IMAGE_MAX_SIDE, FACE_IMAGE_MAX_SIDE, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return faceImageFromRaw(data, info.width, info.height);
}
