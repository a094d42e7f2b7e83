/** Real images for tests, made by sharp (no binary fixtures needed), and staging them like an upload. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { inspectPhoto, type StagedPhoto } from '~/services/photo-upload.server';
import { PERSON_A, cropJpeg } from './face-samples';

/**
 * A real portrait (one face: a crop of a sample photo shipped in @vladmandic/face-api) at the size asked, so it
 * passes the photo function's face check like an employee's photo would. `face: false` gives noise instead
 * (no face: the check rejects it).
 */
export async function writeTestJpeg(
  options: { width?: number; height?: number; quality?: number; face?: boolean } = {},
): Promise<string> {
  if (options.face !== false) {
    const file = path.join(os.tmpdir(), `test-portrait-${randomUUID()}.jpg`);
    await sharp(await cropJpeg(PERSON_A))
      .resize(options.width ?? 320, options.height ?? 240, { fit: 'cover' })
      .jpeg({ quality: options.quality ?? 85 })
      .toFile(file);
    return file;
  }
  const width = options.width ?? 320;
  const height = options.height ?? 240;
  const file = path.join(os.tmpdir(), `test-photo-${randomUUID()}.jpg`);
  // Noise over a gradient: compresses like a photo, unlike a flat colour.
  const noise = await sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .jpeg()
    .toBuffer();
  await sharp(noise)
    .jpeg({ quality: options.quality ?? 85 })
    .toFile(file);
  return file;
}

export async function stageTestPhoto(
  options: { width?: number; height?: number; face?: boolean } = {},
): Promise<StagedPhoto> {
  const file = await writeTestJpeg(options);
  return inspectPhoto(file, fs.statSync(file).size);
}
