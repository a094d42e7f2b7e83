import { readFileSync } from 'node:fs';
import piexif from 'piexifjs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { UnprocessableImageError } from '@shared/errors';
import {
  BLUE,
  RED,
  animatedGif,
  isClose,
  pixelAt,
  pixelBombPng,
  tinyAvif,
  tinyJpeg,
  tinyPng,
  tinyWebp,
  truncatedJpeg,
} from '@test-support/images';
import { decodeUpright, inspectImage, makeRenditions, renditionsFromUpright } from './renditions';

const limits = { maxInputPixels: 50_000_000 };
const exifFixture = readFileSync(new URL('../../test-support/fixtures/exif-orientation-6-gps.jpg', import.meta.url));

async function refusal(input: Buffer): Promise<string> {
  const error = await inspectImage(input, limits)
    .then(() => makeRenditions(input, limits))
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(UnprocessableImageError);
  return (error as UnprocessableImageError).reason;
}

describe('inspectImage', () => {
  it.each([
    ['JPEG', tinyJpeg, 'jpeg', 'image/jpeg'],
    ['PNG', tinyPng, 'png', 'image/png'],
    ['WebP', tinyWebp, 'webp', 'image/webp'],
    ['AVIF', tinyAvif, 'avif', 'image/avif'],
    ['GIF', animatedGif, 'gif', 'image/gif'],
  ] as const)('recognises %s by its content', async (_name, make, format, contentType) => {
    const facts = await inspectImage(await make(), limits);
    expect(facts).toMatchObject({ format, contentType });
  });

  it('reports the displayed size of a photo turned by EXIF orientation', async () => {
    expect(await inspectImage(exifFixture, limits)).toMatchObject({ format: 'jpeg', width: 400, height: 600 });
  });

  it('reports the size of one frame of an animated GIF', async () => {
    expect(await inspectImage(await animatedGif(), limits)).toMatchObject({ width: 40, height: 40 });
  });
});

describe('makeRenditions', () => {
  it('makes 96, 256 and 512 px squares in WebP and JPEG from a non-square image', async () => {
    const outputs = await makeRenditions(await tinyPng(40, 60), limits);
    const summary = await Promise.all(
      outputs.map(async (o) => {
        const meta = await sharp(o.body).metadata();
        return `${o.size}:${o.format}:${meta.format}:${meta.width}x${meta.height}`;
      }),
    );
    expect(summary.sort()).toEqual(
      [
        '256:jpeg:jpeg:256x256',
        '256:webp:webp:256x256',
        '512:jpeg:jpeg:512x512',
        '512:webp:webp:512x512',
        '96:jpeg:jpeg:96x96',
        '96:webp:webp:96x96',
      ].sort(),
    );
  });

  it('turns a photo upright from its EXIF orientation and strips EXIF, GPS included', async () => {
    // The fixture really carries orientation 6 and GPS, so the test below can fail.
    const source = await sharp(exifFixture).metadata();
    expect(source.orientation).toBe(6);
    const sourceExif = piexif.load(exifFixture.toString('binary'));
    expect(sourceExif.GPS?.[piexif.GPSIFD.GPSLatitudeRef]).toBe('N');

    for (const output of await makeRenditions(exifFixture, limits)) {
      const meta = await sharp(output.body).metadata();
      expect(meta.exif, `${output.size}.${output.format} has EXIF`).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(meta.icc).toBeUndefined();
      expect(output.body.includes(Buffer.from('FixtureCam'))).toBe(false);
      // Upright: stored top (red) is displayed on the right, stored bottom (blue) on the left.
      const middle = Math.floor(output.size / 2);
      expect(isClose(await pixelAt(output.body, 2, middle), BLUE), 'left edge is blue').toBe(true);
      expect(isClose(await pixelAt(output.body, output.size - 3, middle), RED), 'right edge is red').toBe(true);
    }
  });

  it('uses the first frame of an animated GIF', async () => {
    const outputs = await makeRenditions(await animatedGif(), limits);
    for (const output of outputs) {
      expect(isClose(await pixelAt(output.body, 10, 10), RED)).toBe(true);
      expect((await sharp(output.body).metadata()).pages ?? 1).toBe(1);
    }
  });

  it('handles CMYK JPEGs, 16-bit PNGs and greyscale with alpha, giving sRGB renditions', async () => {
    const base = () => sharp({ create: { width: 30, height: 20, channels: 3, background: RED } });
    const inputs = [
      await base().toColourspace('cmyk').jpeg().toBuffer(),
      await base().toColourspace('rgb16').png().toBuffer(),
      await base().toColourspace('b-w').ensureAlpha(0.5).png().toBuffer(),
    ];
    const spaces = await Promise.all(inputs.map(async (i) => (await sharp(i).metadata()).space));
    expect(spaces).toEqual(['cmyk', 'rgb16', 'b-w']);
    for (const input of inputs) {
      for (const output of await makeRenditions(input, limits)) {
        const meta = await sharp(output.body).metadata();
        expect(meta.space).toBe('srgb');
        expect(meta.depth).toBe('uchar');
        expect(meta.width).toBe(output.size);
      }
    }
  });

  it('puts transparent areas on white in the JPEG fallback', async () => {
    const transparent = await sharp({
      create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const jpeg = (await makeRenditions(transparent, limits)).find((o) => o.format === 'jpeg')!;
    expect(isClose(await pixelAt(jpeg.body, 5, 5), { r: 255, g: 255, b: 255 }, 5)).toBe(true);
  });
});

describe('refusals', () => {
  it('refuses a text file named .jpg as not an image', async () => {
    expect(await refusal(Buffer.from('name,title\nAda,Engineer\n'))).toMatch(/not an image we can read/);
  });

  it('refuses a truncated JPEG as damaged', async () => {
    expect(await refusal(await truncatedJpeg())).toMatch(/damaged or incomplete/);
  });

  it('refuses a pixel bomb from its header, before decoding', async () => {
    const bomb = pixelBombPng(30_000, 30_000);
    expect(bomb.length).toBeLessThan(200);
    expect(await refusal(bomb)).toMatch(/30000 × 30000 pixels \(900 megapixels\); the most we accept is 50 megapixels/);
  });

  it('lets libvips refuse a pixel bomb even if the header check were bypassed', async () => {
    const error = await makeRenditions(pixelBombPng(10_000, 10_000), { maxInputPixels: 1_000_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableImageError);
    expect(error.reason).toMatch(/more than 1 megapixels/);
  });

  it('refuses formats outside the accepted list, such as TIFF and SVG', async () => {
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: RED } })
      .tiff()
      .toBuffer();
    expect(await refusal(tiff)).toMatch(/TIFF images are not accepted/);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    expect(await refusal(svg)).toMatch(/SVG images are not accepted/);
  });
});

describe('makeRenditions from one decode (shrink-on-load to the largest rendition)', () => {
  it('gives the same crop, sizes and formats as decoding upright first and cutting the square from that', async () => {
    // A 12 MP photo-like JPEG with a gradient, so a shifted or stretched crop shows in the pixels.
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><defs><linearGradient id="g">
      <stop offset="0" stop-color="#203060"/><stop offset="1" stop-color="#f0c080"/></linearGradient></defs>
      <rect width="4000" height="3000" fill="url(#g)"/><circle cx="2000" cy="1500" r="700" fill="#308030"/></svg>`;
    const photo = await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
    const direct = await makeRenditions(photo, limits);
    const viaUpright = await renditionsFromUpright(await decodeUpright(photo, limits));
    expect(direct.map(({ size, format, width, height }) => ({ size, format, width, height }))).toEqual(
      viaUpright.map(({ size, format, width, height }) => ({ size, format, width, height })),
    );
    for (const [index, output] of direct.entries()) {
      const [a, b] = await Promise.all(
        [output.body, viaUpright[index].body].map((body) => sharp(body).raw().toBuffer()),
      );
      let difference = 0;
      for (let i = 0; i < a.length; i++) difference += Math.abs(a[i] - b[i]);
      // Resampling from a quarter-scale rather than a half-scale decode moves a channel by a level or two.
      expect(difference / a.length, `${output.size}.${output.format}`).toBeLessThan(3);
    }
  });
});
