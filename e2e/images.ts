/** Test images, made on the fly with sharp (the same library the app uses) and written under the test's output dir. */
import fs from 'node:fs';
import { randomFillSync } from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { PERSON_A, PERSON_B, cropJpeg, groupJpeg, noiseJpeg } from '@test-support/face-samples';

/**
 * A portrait, 1200 x 1600 like a phone photo: one real face (a crop of a sample photo shipped in
 * @vladmandic/face-api), so it passes the face check. `hue` tints it a little, so two uploads differ in bytes
 * while showing the same person.
 */
export async function writePortraitJpeg(file: string, hue = 210): Promise<string> {
  await sharp(await cropJpeg(PERSON_A))
    .resize(1200, 1600, { fit: 'cover' })
    .modulate({ hue: Math.round((hue - 210) / 20) })
    .jpeg({ quality: 85 })
    .withMetadata({ orientation: 1 })
    .toFile(file);
  return file;
}

/** Someone else: a portrait of another person, for a suspicious replacement. */
export async function writeOtherPersonJpeg(file: string): Promise<string> {
  await sharp(await cropJpeg(PERSON_B))
    .resize(1200, 1600, { fit: 'cover' })
    .jpeg({ quality: 85 })
    .toFile(file);
  return file;
}

/** A group photo: several people. */
export async function writeGroupJpeg(file: string): Promise<string> {
  fs.writeFileSync(file, await groupJpeg());
  return file;
}

/** A photo with no face in it (grey noise). */
export async function writeNoFaceJpeg(file: string): Promise<string> {
  fs.writeFileSync(file, await noiseJpeg(800));
  return file;
}

/** A real PNG of random noise, which does not compress: `megabytes` on disk. */
export async function writeNoisePng(file: string, megabytes: number): Promise<string> {
  const side = Math.ceil(Math.sqrt((megabytes * 1024 * 1024) / 3));
  const pixels = Buffer.alloc(side * side * 3);
  randomFillSync(pixels);
  await sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toFile(file);
  return file;
}

export function writeTextAsJpg(file: string): string {
  fs.writeFileSync(file, 'This is a text file pretending to be a photo.\n'.repeat(20));
  return file;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a few hundred bytes that declare a 40,000 x 40,000 image (1.6 gigapixels, about
 * 4.8 GB once decoded). The rows are all zeros and compress to almost nothing.
 */
export function writePixelBombPng(file: string, side = 40_000): string {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // RGB
  const rows = zlib.deflateSync(Buffer.alloc((side * 3 + 1) * 64)); // the first rows only: enough to look real
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  fs.writeFileSync(file, png);
  return file;
}
