/**
 * The photo function's face check, one step between decoding and the renditions: detect, judge, compare a
 * replacement with the employee's verified face, keep the new face as the reference. A verifier that fails
 * (throttled, timed out, the model broken) is retried with backoff; after the last try the photo is `check
 * failed` with the reason, for HR to decide. Never a pass by default.
 */
import type { FaceCheck, PhotoRecord } from '@shared/contracts/photo-record';
import type { FaceCheckSettings } from '@shared/faces/face-check-settings';
import { qualityLimits } from '@shared/faces/face-check-settings';
import { judgeFaces } from '@shared/faces/face-quality';
import type { FaceImage, FaceReference, FaceVerifier } from '@shared/faces/face-verifier';
import { measurePixels } from '@shared/faces/pixel-measures';

export interface FaceCheckDeps {
  verifier: FaceVerifier;
  settings: FaceCheckSettings;
  /** Waits between tries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface FaceCheckInput {
  employeeId: string;
  policy: PhotoRecord['faceCheckPolicy'];
  /** The employee's verified face, for a replacement; null for a first photo. */
  previous: { photoId: string; reference: FaceReference } | null;
}

export interface FaceCheckResult {
  faceCheck: FaceCheck;
  /** Kept on the photo record for comparing a later replacement (personal data). */
  reference?: FaceReference;
}

export const NOT_SAME_PERSON_REASON = 'This may not be the same person as in the current photo.';
export const DEMO_NOT_CHECKED_REASON = 'A generated demo picture: no face check was run on it.';
export const NO_CONSENT_REASON = 'No consent to the face check: HR checks this photo by eye.';

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

class CheckGaveUp extends Error {
  constructor(readonly lastError: unknown) {
    super('face check gave up');
  }
}

export async function checkFaces(
  image: FaceImage,
  input: FaceCheckInput,
  deps: FaceCheckDeps,
  now: () => Date,
): Promise<FaceCheckResult> {
  const { verifier, settings } = deps;
  const checkedAt = () => now().toISOString();
  if (input.policy === 'demo-not-checked') {
    return {
      faceCheck: { outcome: 'not-checked', reason: DEMO_NOT_CHECKED_REASON, checkedBy: 'seed', checkedAt: checkedAt() },
    };
  }
  // The person did not agree (docs/decisions/206-face-check-consent.md): the verifier is never called, so nothing
  // is detected, compared or kept; no face box either, so the renditions are centred.
  if (input.policy === 'no-consent') {
    return {
      faceCheck: { outcome: 'no-consent', reason: NO_CONSENT_REASON, checkedBy: 'none', checkedAt: checkedAt() },
    };
  }
  const sleep = deps.sleep ?? defaultSleep;
  const withRetries = async <T>(work: () => Promise<T>): Promise<T> => {
    let lastError: unknown;
    for (let attempt = 0; attempt < settings.FACE_CHECK_ATTEMPTS; attempt += 1) {
      if (attempt > 0) await sleep(settings.FACE_CHECK_BACKOFF_MS * 2 ** (attempt - 1));
      try {
        return await work();
      } catch (error) {
        lastError = error;
      }
    }
    throw new CheckGaveUp(lastError);
  };
  const base = { checkedBy: verifier.name, checkedAt: '' } as const;
  let faceBox: FaceCheck['faceBox'];
  try {
    const faces = await withRetries(() => verifier.detectFaces(image));
    const judgement = judgeFaces(
      faces,
      { width: image.width, height: image.height, measures: measurePixels(image) },
      qualityLimits(settings),
    );
    if (!judgement.accepted) {
      return { faceCheck: { ...base, outcome: 'rejected', reason: judgement.reason, checkedAt: checkedAt() } };
    }
    faceBox = judgement.face.box;
    // Compare before keeping the new face: in a Rekognition collection it would otherwise match itself.
    const comparison = input.previous
      ? await withRetries(() => verifier.compareWithReference(image, input.previous!.reference))
      : null;
    const reference = await withRetries(() => verifier.enrolFace(image, input.employeeId));
    const compared = comparison
      ? { comparedWithPhotoId: input.previous!.photoId, similarity: comparison.similarity }
      : {};
    if (comparison && !comparison.samePerson) {
      return {
        faceCheck: {
          ...base,
          ...compared,
          outcome: 'needs-review',
          reason: NOT_SAME_PERSON_REASON,
          faceBox,
          checkedAt: checkedAt(),
        },
        reference,
      };
    }
    return { faceCheck: { ...base, ...compared, outcome: 'verified', faceBox, checkedAt: checkedAt() }, reference };
  } catch (error) {
    if (!(error instanceof CheckGaveUp)) throw error;
    const cause = error.lastError instanceof Error ? error.lastError.message : String(error.lastError);
    return {
      faceCheck: {
        ...base,
        outcome: 'check-failed',
        reason: `The face check could not be completed after ${settings.FACE_CHECK_ATTEMPTS} tries (${cause.slice(0, 200)}).`,
        faceBox,
        checkedAt: checkedAt(),
      },
    };
  }
}
