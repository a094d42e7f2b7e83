/**
 * The judgement of a face check, pure: given what a verifier detected and the limits from configuration,
 * accept the one face or reject the photo with a reason a person understands. Thresholds and why they are
 * what they are: docs/decisions/204-face-check-thresholds.md.
 */
import type { DetectedFace } from './face-verifier';
import type { PixelMeasures } from './pixel-measures';

export interface FaceQualityLimits {
  /** Detections below this confidence (0..100) are not faces. */
  minConfidence: number;
  /** The face's width as a share of the square rendition's side (the image's shorter side), 0..1. */
  minFaceWidthRatio: number;
  /** 0..100 */
  minBrightness: number;
  /** 0..100 */
  minSharpness: number;
  /** A whole image under this contrast (0..100) is one flat colour: no face, not "blurred". */
  minContrast: number;
  /** Degrees either way. */
  maxYaw: number;
  maxPitch: number;
}

export const FACE_REJECTION_REASONS = {
  noFace: 'We could not find a face in this photo.',
  notAPerson: "We could not find a person's face in this photo.",
  severalFaces: 'There are several people in this photo.',
  faceTooSmall: 'The face is too small in this photo: please use one taken closer.',
  darkOrBlurred: 'The photo is too dark or blurred.',
  notFrontal: 'Please face the camera.',
} as const;

export type FaceJudgement =
  | { accepted: true; face: DetectedFace }
  | { accepted: false; reason: (typeof FACE_REJECTION_REASONS)[keyof typeof FACE_REJECTION_REASONS] };

/**
 * `image` is the upright image the faces were found in (boxes are fractions of it) with its pixel measures:
 * when no face is found, a dark or blurred photo is told so, since that is what the person can fix.
 * A second face counts as another person when it is at least half the minimum size: a face on a poster far
 * behind someone does not make a group photo. Faces the verifier does not take for human (`looksHuman`) are
 * nobody: alone, they are "not a person's face".
 */
export function judgeFaces(
  detected: DetectedFace[],
  image: { width: number; height: number; measures: PixelMeasures },
  limits: FaceQualityLimits,
): FaceJudgement {
  const side = Math.min(image.width, image.height);
  const widthRatio = (face: DetectedFace) => (face.box.width * image.width) / side;
  const faces = detected
    .filter((face) => face.confidence >= limits.minConfidence)
    .sort((a, b) => widthRatio(b) - widthRatio(a));
  if (faces.length === 0) {
    const { brightness, sharpness, contrast } = image.measures;
    const dark = brightness < limits.minBrightness;
    const blurred = contrast >= limits.minContrast && sharpness < limits.minSharpness;
    return {
      accepted: false,
      reason: dark || blurred ? FACE_REJECTION_REASONS.darkOrBlurred : FACE_REJECTION_REASONS.noFace,
    };
  }
  // An animal, a painting or a drawing is no one's profile photo, and beside a person it is not a second person.
  const humanFaces = faces.filter((face) => face.looksHuman);
  if (humanFaces.length === 0) return { accepted: false, reason: FACE_REJECTION_REASONS.notAPerson };
  const people = humanFaces.filter((face) => widthRatio(face) >= limits.minFaceWidthRatio / 2);
  if (people.length > 1) return { accepted: false, reason: FACE_REJECTION_REASONS.severalFaces };
  const face = humanFaces[0];
  if (widthRatio(face) < limits.minFaceWidthRatio)
    return { accepted: false, reason: FACE_REJECTION_REASONS.faceTooSmall };
  if (face.brightness < limits.minBrightness || face.sharpness < limits.minSharpness) {
    return { accepted: false, reason: FACE_REJECTION_REASONS.darkOrBlurred };
  }
  if (Math.abs(face.pose.yaw) > limits.maxYaw || Math.abs(face.pose.pitch) > limits.maxPitch) {
    return { accepted: false, reason: FACE_REJECTION_REASONS.notFrontal };
  }
  return { accepted: true, face };
}
