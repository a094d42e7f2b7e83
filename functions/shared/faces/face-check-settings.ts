/**
 * The face check's configuration, one zod schema shared by the photo function's environment (@shared/env) and
 * the web app's (the local runtime runs the same function in-process). Decision 204 justifies every default.
 */
import { z } from 'zod';
import type { FaceQualityLimits } from './face-quality';

const bounded = (min: number, max: number, fallback: number) => z.coerce.number().min(min).max(max).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const FaceCheckSettingsSchema = z.object({
  /** `face-api`: the real model shipped in an npm package (local, tests); `rekognition`: Amazon Rekognition. */
  FACE_VERIFIER: z.enum(['face-api', 'rekognition']).default('face-api'),
  REKOGNITION_COLLECTION_ID: z
    .string()
    .regex(/^[a-zA-Z0-9_.-]{1,255}$/, 'must be a Rekognition collection id (letters, digits, _ . -)')
    .optional(),
  FACE_MIN_CONFIDENCE: bounded(0, 100, 80),
  FACE_MIN_WIDTH_RATIO: bounded(0, 1, 0.15),
  FACE_MIN_BRIGHTNESS: bounded(0, 100, 15),
  FACE_MIN_SHARPNESS: bounded(0, 100, 20),
  FACE_MIN_CONTRAST: bounded(0, 100, 5),
  FACE_MAX_YAW_DEGREES: bounded(0, 90, 40),
  FACE_MAX_PITCH_DEGREES: bounded(0, 90, 35),
  /** Local model: descriptor distance at or under which a replacement is the same person. */
  FACE_MATCH_MAX_DISTANCE: bounded(0, 2, 0.45),
  /** Rekognition: Similarity at or above which a replacement is the same person. */
  FACE_MATCH_MIN_SIMILARITY: bounded(0, 100, 90),
  /** Local model: the second detector's score around a face for it to be a person's, not an animal's. */
  FACE_MIN_SECOND_DETECTOR_SCORE: bounded(0, 100, 30),
  /** Rekognition: DetectLabels confidence of the "Person" around a face for it to be a person's. */
  FACE_MIN_PERSON_CONFIDENCE: bounded(0, 100, 80),
  /** Tries of a failing face check (throttled, timed out) before the photo is marked `check failed`. */
  FACE_CHECK_ATTEMPTS: positiveInt(3),
  /** The first wait between tries; it doubles each time. */
  FACE_CHECK_BACKOFF_MS: positiveInt(500),
});
export type FaceCheckSettings = z.infer<typeof FaceCheckSettingsSchema>;

export function requireCollectionForRekognition(
  settings: Pick<FaceCheckSettings, 'FACE_VERIFIER' | 'REKOGNITION_COLLECTION_ID'>,
  ctx: z.RefinementCtx,
): void {
  if (settings.FACE_VERIFIER === 'rekognition' && !settings.REKOGNITION_COLLECTION_ID) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['REKOGNITION_COLLECTION_ID'],
      message: 'is required when FACE_VERIFIER is rekognition',
    });
  }
}

export const FACE_CHECK_DEFAULTS: FaceCheckSettings = FaceCheckSettingsSchema.parse({});

export function qualityLimits(settings: FaceCheckSettings): FaceQualityLimits {
  return {
    minConfidence: settings.FACE_MIN_CONFIDENCE,
    minFaceWidthRatio: settings.FACE_MIN_WIDTH_RATIO,
    minBrightness: settings.FACE_MIN_BRIGHTNESS,
    minSharpness: settings.FACE_MIN_SHARPNESS,
    minContrast: settings.FACE_MIN_CONTRAST,
    maxYaw: settings.FACE_MAX_YAW_DEGREES,
    maxPitch: settings.FACE_MAX_PITCH_DEGREES,
  };
}
