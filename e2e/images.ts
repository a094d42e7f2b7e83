/** Test images, made on the fly with sharp (the same library the app uses) and written under the test's output dir. */
import fs from 'node:fs';
import { randomFillSync } from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';

/** A portrait-like JPEG (head and shoulders on a gradient), 1200 x 1600, like a phone photo. */
export async function writePortraitJpeg(file: string, hue = 210): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1600">
    <defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,75%)"/><stop offset="1" stop-color="hsl(${hue},35%,45%)"/></linearGradient></defs>
    <rect width="1200" height="1600" fill="url(#g)"/>
    <ellipse cx="600" cy="640" rx="230" ry="280" fill="#e0b89a"/>
    <path d="M180 1600 C220 1150 420 1020 600 1020 C780 1020 980 1150 1020 1600 Z" fill="hsl(${(hue + 150) % 360},40%,35%)"/>
    <path d="M370 560 C380 330 820 330 830 560 C760 430 450 430 370 560 Z" fill="#4a3020"/>
  </svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).withMetadata({ orientation: 1 }).toFile(file);
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
