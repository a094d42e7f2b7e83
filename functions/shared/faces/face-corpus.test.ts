/**
 * The face check on the labelled corpus (test-support/face-corpus.ts): people's photos must pass, animals,
 * statues, paintings, masks and drawings must not, group photos are refused as several people. Prints every
 * image's outcome and the false accept and false reject rates before (every detected face taken for a
 * person's) and after the not-a-person rule, the figures in docs/decisions/204-face-check-thresholds.md.
 * The real local model: about 70 images, 0.4 s of processor each (about 60 s on 2 shared cores).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusRates, formatCorpusTable, judgeCorpus, type CorpusRow } from '@test-support/face-corpus';
import { createFaceApiVerifier, loadFaceModel } from './face-api-verifier';
import { FACE_CHECK_DEFAULTS, qualityLimits } from './face-check-settings';
import { FACE_REJECTION_REASONS } from './face-quality';

describe('the face check on the labelled corpus (real local model)', { timeout: 300_000 }, () => {
  let rows: CorpusRow[];
  beforeAll(async () => {
    await loadFaceModel();
    const verifier = createFaceApiVerifier({
      maxMatchDistance: FACE_CHECK_DEFAULTS.FACE_MATCH_MAX_DISTANCE,
      minSecondDetectorScore: FACE_CHECK_DEFAULTS.FACE_MIN_SECOND_DETECTOR_SCORE,
    });
    rows = await judgeCorpus(verifier, qualityLimits(FACE_CHECK_DEFAULTS));
    console.log(formatCorpusTable(rows));
  }, 300_000);

  it('has both labels in some breadth', () => {
    const rates = corpusRates(rows);
    expect(rates.people).toBeGreaterThanOrEqual(35);
    expect(rates.notPeople).toBeGreaterThanOrEqual(25);
    expect(rates.groups).toBeGreaterThanOrEqual(2);
    const kinds = new Set(rows.filter((row) => row.image.label === 'not-a-person').map((row) => row.image.kind));
    expect([...kinds].sort()).toEqual(['animal', 'cartoon', 'mask', 'object', 'painting', 'print', 'statue']);
  });

  it('passes no animal, statue, mask or drawing as a person (the cats, the lemur and the skull mask did before)', () => {
    const passed = (when: 'before' | 'after') =>
      rows.filter((row) => row.image.label === 'not-a-person' && row[when].accepted).map((row) => row.image.name);
    expect(passed('before')).toEqual([
      'animal-cat.jpg',
      'animal-cat-close.jpg',
      'painting-mona-lisa.jpg',
      'painting-mona-lisa-close.jpg',
      'mask-skull.jpg',
      'animal-lemur.jpg',
      'painting-pere-tanguy-close.jpg',
      'print-poster-on-wall.jpg',
    ]);
    // A painted or printed human face as lifelike as the Mona Lisa, Van Gogh's Père Tanguy or a photo on a
    // poster is a human face to both detectors (decision 204): the known limit, listed so a change either way
    // shows here.
    expect(passed('after')).toEqual([
      'painting-mona-lisa.jpg',
      'painting-mona-lisa-close.jpg',
      'painting-pere-tanguy-close.jpg',
      'print-poster-on-wall.jpg',
    ]);
    const cat = rows.find((row) => row.image.name === 'animal-cat.jpg')!;
    expect(cat.after).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.notAPerson });
  });

  it("refuses no person's photo that passed before", () => {
    const refused = (when: 'before' | 'after') =>
      rows.filter((row) => row.image.label === 'person' && !row[when].accepted).map((row) => row.image.name);
    // Fair refusals, before and after: the cameraman's face is half behind his camera and Takeo Kanade's
    // photo is 150 px of grey-scale (the detector is not sure of either: no face); the bearded actor looks
    // aside ("Please face the camera").
    expect(refused('before')).toEqual(['person-cameraman.jpg', 'person-takeo-kanade.jpg', 'person-bearded-actor.jpg']);
    expect(refused('after')).toEqual(refused('before'));
  });

  it('refuses a group photo as several people, also when only some faces look human', () => {
    const groups = rows.filter((row) => row.image.label === 'several-people');
    for (const row of groups) {
      expect(row.before, row.image.name).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.severalFaces });
      expect(row.after, row.image.name).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.severalFaces });
    }
  });
});
