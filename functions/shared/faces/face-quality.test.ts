import { describe, expect, it } from 'vitest';
import { FACE_CHECK_DEFAULTS, qualityLimits } from './face-check-settings';
import { FACE_REJECTION_REASONS, judgeFaces } from './face-quality';
import type { DetectedFace } from './face-verifier';

const limits = qualityLimits(FACE_CHECK_DEFAULTS);
const wellLit = { brightness: 50, sharpness: 60, contrast: 40 };
const image = { width: 1000, height: 800, measures: wellLit };
const face = (overrides: Partial<DetectedFace> = {}): DetectedFace => ({
  box: { left: 0.4, top: 0.3, width: 0.25, height: 0.35 },
  confidence: 99,
  brightness: 50,
  sharpness: 60,
  pose: { yaw: 5, pitch: -3, roll: 2 },
  looksHuman: true,
  ...overrides,
});

describe('judgeFaces (the rules, whichever model detected)', () => {
  it('accepts one large, sharp, frontal face', () => {
    expect(judgeFaces([face()], image, limits)).toMatchObject({ accepted: true });
  });

  it('gives each rejection a reason a person understands', () => {
    expect(judgeFaces([], image, limits)).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.noFace });
    expect(judgeFaces([face(), face({ box: { left: 0, top: 0, width: 0.2, height: 0.3 } })], image, limits)).toEqual({
      accepted: false,
      reason: 'There are several people in this photo.',
    });
    // 0.1 of 1000 px = 100 px of an 800 px square: 12.5%, under 15%.
    expect(judgeFaces([face({ box: { left: 0.4, top: 0.3, width: 0.1, height: 0.15 } })], image, limits)).toEqual({
      accepted: false,
      reason: FACE_REJECTION_REASONS.faceTooSmall,
    });
    expect(judgeFaces([face({ brightness: 8 })], image, limits)).toEqual({
      accepted: false,
      reason: 'The photo is too dark or blurred.',
    });
    expect(judgeFaces([face({ sharpness: 5 })], image, limits)).toMatchObject({
      reason: FACE_REJECTION_REASONS.darkOrBlurred,
    });
    expect(judgeFaces([face({ pose: { yaw: 60, pitch: 0, roll: 0 } })], image, limits)).toEqual({
      accepted: false,
      reason: 'Please face the camera.',
    });
  });

  it('ignores a low-confidence detection and a small face far behind the person', () => {
    const ghost = face({ confidence: 60, box: { left: 0, top: 0, width: 0.3, height: 0.3 } });
    const poster = face({ box: { left: 0.9, top: 0, width: 0.05, height: 0.07 } });
    expect(judgeFaces([face(), ghost, poster], image, limits)).toMatchObject({ accepted: true });
  });

  it("refuses a face the verifier does not take for a person's, and does not count it as a second person", () => {
    const cat = face({ looksHuman: false, confidence: 93 });
    expect(judgeFaces([cat], image, limits)).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.notAPerson });
    expect(FACE_REJECTION_REASONS.notAPerson).toBe("We could not find a person's face in this photo.");
    // A person holding their cat up to the camera: the person's face is the one judged.
    const person = face({ box: { left: 0.1, top: 0.3, width: 0.2, height: 0.3 } });
    expect(judgeFaces([cat, person], image, limits)).toEqual({ accepted: true, face: person });
  });

  it('tells a dark or blurred photo with no face found from a photo of nothing', () => {
    const dark = { ...image, measures: { brightness: 7, sharpness: 30, contrast: 10 } };
    const blurred = { ...image, measures: { brightness: 50, sharpness: 3, contrast: 30 } };
    const flat = { ...image, measures: { brightness: 75, sharpness: 0, contrast: 0 } };
    expect(judgeFaces([], dark, limits)).toMatchObject({ reason: FACE_REJECTION_REASONS.darkOrBlurred });
    expect(judgeFaces([], blurred, limits)).toMatchObject({ reason: FACE_REJECTION_REASONS.darkOrBlurred });
    expect(judgeFaces([], flat, limits)).toMatchObject({ reason: FACE_REJECTION_REASONS.noFace });
  });
});
