/** Real images for tests, made by sharp (no binary fixtures needed), and staging them like an upload. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { inspectPhoto, type StagedPhoto } from '~/services/photo-upload.server';

export async function writeTestJpeg(
  options: { width?: number; height?: number; quality?: number } = {},
): Promise<string> {
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

export async function stageTestPhoto(options: { width?: number; height?: number } = {}): Promise<StagedPhoto> {
  const file = await writeTestJpeg(options);
  return inspectPhoto(file, fs.statSync(file).size);
}
