/**
 * Brightness, sharpness and contrast of a region of an upright RGB image, on Rekognition's 0..100 scales.
 * Used for a face the local model found (it reports no quality) and, whichever verifier ran, for the whole
 * image when no face was found: a photo too dark or too blurred for any detector gets that reason rather
 * than "no face".
 */
import type { FaceBox, FaceImage } from './face-verifier';

export interface PixelMeasures {
  /** Mean luma, 0 (black) .. 100 (white). */
  brightness: number;
  /** Spread of the Laplacian (edges), 0 (flat or blurred) .. 100 (crisp). */
  sharpness: number;
  /** Spread of luma, 0 (one flat colour) .. 100. */
  contrast: number;
}

export const WHOLE_IMAGE: FaceBox = { left: 0, top: 0, width: 1, height: 1 };

// Sampled onto a fixed grid, so sharpness does not depend on how many pixels the region has.
const GRID = 96;
// A Laplacian spread of 25 grey levels or more on that grid is crisp; a luma spread of 64 is full contrast.
const CRISP_SPREAD = 25;
const FULL_CONTRAST = 64;

const spread = (sum: number, sumSquares: number, count: number) =>
  Math.sqrt(Math.max(0, sumSquares / count - (sum / count) ** 2));
const percent = (value: number) => Math.round(Math.min(100, value * 100) * 10) / 10;

export function measurePixels(image: FaceImage, box: FaceBox = WHOLE_IMAGE): PixelMeasures {
  const luma = new Float32Array(GRID * GRID);
  const x0 = box.left * image.width;
  const y0 = box.top * image.height;
  let total = 0;
  let totalSquares = 0;
  for (let gy = 0; gy < GRID; gy += 1) {
    const y = Math.min(image.height - 1, Math.floor(y0 + ((gy + 0.5) * box.height * image.height) / GRID));
    for (let gx = 0; gx < GRID; gx += 1) {
      const x = Math.min(image.width - 1, Math.floor(x0 + ((gx + 0.5) * box.width * image.width) / GRID));
      const i = (y * image.width + x) * 3;
      const value = 0.2126 * image.rgb[i] + 0.7152 * image.rgb[i + 1] + 0.0722 * image.rgb[i + 2];
      luma[gy * GRID + gx] = value;
      total += value;
      totalSquares += value * value;
    }
  }
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 1; y < GRID - 1; y += 1) {
    for (let x = 1; x < GRID - 1; x += 1) {
      const i = y * GRID + x;
      const laplacian = luma[i - 1] + luma[i + 1] + luma[i - GRID] + luma[i + GRID] - 4 * luma[i];
      sum += laplacian;
      sumSquares += laplacian * laplacian;
      count += 1;
    }
  }
  return {
    brightness: percent(total / (GRID * GRID) / 255),
    sharpness: percent(spread(sum, sumSquares, count) / CRISP_SPREAD),
    contrast: percent(spread(total, totalSquares, GRID * GRID) / FULL_CONTRAST),
  };
}
