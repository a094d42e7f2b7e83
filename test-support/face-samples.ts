/**
 * Real photographs for the face check: the six sample JPEGs that ship inside @vladmandic/face-api (MIT
 * package; used only in tests and e2e, never shown as a demo employee), and crops of them. Every sample is a
 * group photo; the crops below were chosen by running the real model on them (boxes in pixels of the
 * 1920-wide originals). "Same person" is the same face cut and framed differently (the samples show
 * different people each), "another person" a face from another sample.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';

const require = createRequire(import.meta.url);
const demoDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'demo');

export const sampleFile = (n: 1 | 2 | 3 | 4 | 5 | 6) => path.join(demoDir, `sample${n}.jpg`);

export type Crop = { sample: 1 | 2 | 3 | 4 | 5 | 6; left: number; top: number; side: number };
/** One woman, facing the camera (sample 3). */
export const PERSON_A: Crop = { sample: 3, left: 383, top: 162, side: 604 };
/** The same woman, framed wider. */
export const PERSON_A_WIDER: Crop = { sample: 3, left: 300, top: 100, side: 800 };
/** Another woman (sample 6). */
export const PERSON_B: Crop = { sample: 6, left: 422, top: 136, side: 675 };
/** A face turned well away from the camera (sample 5; the model puts its yaw near 48°). */
export const TURNED_AWAY: Crop = { sample: 5, left: 407, top: 264, side: 549 };

/**
 * The faces in the six samples, cut square (2.2 times the detector's box, within the photo) around each: the
 * people side of the face corpus (face-corpus.ts). Of the 22 the model finds, the four today's rules refuse on
 * their own (two turned away, two under the detector's 80% once cut out) are left out: the corpus asks whether
 * a person's face that passes stays passing.
 */
export const SAMPLE_FACES: Crop[] = [
  { sample: 1, left: 1313, top: 55, side: 528 },
  { sample: 1, left: 680, top: 282, side: 501 },
  { sample: 1, left: 239, top: 210, side: 526 },
  { sample: 2, left: 1275, top: 6, side: 537 },
  { sample: 2, left: 720, top: 80, side: 512 },
  { sample: 3, left: 855, top: 35, side: 660 },
  { sample: 3, left: 384, top: 163, side: 601 },
  { sample: 3, left: 1290, top: 121, side: 619 },
  { sample: 4, left: 471, top: 0, side: 573 },
  { sample: 4, left: 823, top: 42, side: 500 },
  { sample: 5, left: 132, top: 679, side: 661 },
  { sample: 5, left: 1192, top: 227, side: 594 },
  { sample: 5, left: 929, top: 53, side: 525 },
  { sample: 5, left: 632, top: 0, side: 464 },
  { sample: 6, left: 1265, top: 83, side: 654 },
  { sample: 6, left: 34, top: 293, side: 641 },
  { sample: 6, left: 964, top: 135, side: 620 },
  { sample: 6, left: 422, top: 136, side: 676 },
];

export function cropJpeg(crop: Crop): Promise<Buffer> {
  return sharp(sampleFile(crop.sample))
    .extract({ left: crop.left, top: crop.top, width: crop.side, height: crop.side })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A group photo: three people (sample 1), scaled to a phone-photo size. */
export const groupJpeg = () => sharp(sampleFile(1)).resize(1200).jpeg({ quality: 88 }).toBuffer();

/** PERSON_A in a room with the lights off: 15% of the light. */
export const darkJpeg = async () =>
  sharp(await cropJpeg(PERSON_A))
    .linear(0.15, 0)
    .jpeg()
    .toBuffer();

/** Random grey noise: edges everywhere, no face. */
export async function noiseJpeg(size = 400): Promise<Buffer> {
  const pixels = Buffer.alloc(size * size);
  let seed = 12345;
  for (let i = 0; i < pixels.length; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    pixels[i] = seed >> 23;
  }
  return sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
    .jpeg()
    .toBuffer();
}

/** One flat colour. */
export const flatJpeg = (size = 400) =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r: 200, g: 190, b: 180 } } })
    .jpeg()
    .toBuffer();
