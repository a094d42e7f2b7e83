/**
 * The real local model on real photographs (the samples shipped in @vladmandic/face-api, and crops of them).
 * Slow-ish (about 0.6 s per image on 2 shared cores), so each image is analysed once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PERSON_A,
  PERSON_A_WIDER,
  PERSON_B,
  TURNED_AWAY,
  cropJpeg,
  darkJpeg,
  flatJpeg,
  groupJpeg,
  noiseJpeg,
} from '@test-support/face-samples';
import { faceImageFromFile } from './decode-for-faces';
import { createFaceApiVerifier, loadFaceModel } from './face-api-verifier';
import { FACE_CHECK_DEFAULTS, qualityLimits } from './face-check-settings';
import { FACE_REJECTION_REASONS, judgeFaces } from './face-quality';
import type { FaceImage } from './face-verifier';
import { measurePixels } from './pixel-measures';

const verifier = createFaceApiVerifier({
  maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
  minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
});
const limits = qualityLimits(FACE_CHECK_DEFAULTS);

async function judge(image: FaceImage) {
  const faces = await verifier.detectFaces(image);
  return judgeFaces(faces, { width: image.width, height: image.height, measures: measurePixels(image) }, limits);
}

describe('the local face model (face-api on tfjs wasm)', { timeout: 120_000 }, () => {
  let personA: FaceImage;
  beforeAll(async () => {
    await loadFaceModel();
    personA = await faceImageFromFile(await cropJpeg(PERSON_A));
  }, 120_000);

  it('finds the one face in a portrait and accepts it', async () => {
    const faces = await verifier.detectFaces(personA);
    expect(faces).toHaveLength(1);
    expect(faces[0].confidence).toBeGreaterThan(95);
    // The face sits in the middle third of the crop it was cut around.
    expect(faces[0].box.left + faces[0].box.width / 2).toBeGreaterThan(0.33);
    expect(faces[0].box.left + faces[0].box.width / 2).toBeLessThan(0.67);
    expect(await judge(personA)).toMatchObject({ accepted: true });
  });

  it('rejects a group photo, noise, a flat image, a dark photo and a face turned away, each with its reason', async () => {
    const cases = [
      [await groupJpeg(), FACE_REJECTION_REASONS.severalFaces],
      [await noiseJpeg(), FACE_REJECTION_REASONS.noFace],
      [await flatJpeg(), FACE_REJECTION_REASONS.noFace],
      [await darkJpeg(), FACE_REJECTION_REASONS.darkOrBlurred],
      [await cropJpeg(TURNED_AWAY), FACE_REJECTION_REASONS.notFrontal],
    ] as const;
    for (const [jpeg, reason] of cases) {
      expect(await judge(await faceImageFromFile(jpeg))).toEqual({ accepted: false, reason });
    }
  });

  it('tells the same person framed differently from another person', async () => {
    const reference = await verifier.enrolFace(personA, '00000000-0000-4000-8000-000000000001');
    expect(reference).toMatchObject({ kind: 'descriptor' });
    expect(reference.kind === 'descriptor' && reference.descriptor).toHaveLength(128);

    const same = await verifier.compareWithReference(
      await faceImageFromFile(await cropJpeg(PERSON_A_WIDER)),
      reference,
    );
    const other = await verifier.compareWithReference(await faceImageFromFile(await cropJpeg(PERSON_B)), reference);
    expect(same.samePerson).toBe(true);
    expect(other.samePerson).toBe(false);
    expect(same.similarity).toBeGreaterThan(other.similarity + 30);
  });
});
