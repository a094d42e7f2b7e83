/** Small real images made by sharp for the tests, plus the broken inputs the photo function must refuse. */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

type Rgb = { r: number; g: number; b: number };
export const RED: Rgb = { r: 220, g: 20, b: 20 };
export const BLUE: Rgb = { r: 20, g: 40, b: 220 };
export const GREEN: Rgb = { r: 20, g: 200, b: 40 };

const solid = (width: number, height: number, background: Rgb) =>
  sharp({ create: { width, height, channels: 3, background } });

export const tinyJpeg = (width = 64, height = 48, colour = RED) => solid(width, height, colour).jpeg().toBuffer();
export const tinyPng = (width = 40, height = 60, colour = GREEN) => solid(width, height, colour).png().toBuffer();
export const tinyWebp = (width = 50, height = 50, colour = BLUE) => solid(width, height, colour).webp().toBuffer();
export const tinyAvif = (width = 32, height = 32, colour = RED) => solid(width, height, colour).avif().toBuffer();

/** A two-frame animated GIF: red first, then blue. Only the red frame should reach the renditions. */
export async function animatedGif(): Promise<Buffer> {
  const frames = await Promise.all([RED, BLUE].map((c) => solid(40, 40, c).png().toBuffer()));
  return sharp(frames, { join: { animated: true } })
    .gif({ delay: [100, 100], loop: 0 })
    .toBuffer();
}

/** A real JPEG cut short: the header is fine, the pixels end early. */
export async function truncatedJpeg(): Promise<Buffer> {
  const noise = await sharp({
    create: {
      width: 300,
      height: 200,
      channels: 3,
      background: RED,
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg()
    .toBuffer();
  return noise.subarray(0, Math.floor(noise.length / 2));
}

/**
 * A pixel bomb made cheaply: a valid 1x1 PNG whose header is rewritten to claim 30000 x 30000 pixels
 * (900 megapixels), CRC fixed, so decoders believe it until they try to allocate.
 */
export function pixelBombPng(width = 30_000, height = 30_000): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(2, 9); // colour type: RGB
  const scanline = Buffer.alloc(1 + 3 * 4); // a few bytes of pixel data, nowhere near enough
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(scanline)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The colour at a point of an image, as sharp decodes it (after any orientation already applied). */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return { r: data[i], g: data[i + 1], b: data[i + 2] };
}

export const isClose = (a: Rgb, b: Rgb, tolerance = 40) =>
  Math.abs(a.r - b.r) <= tolerance && Math.abs(a.g - b.g) <= tolerance && Math.abs(a.b - b.b) <= tolerance;
