/** Picks the FaceVerifier the configuration names. Creating one loads nothing: the local model loads on first use. */
import { createFaceApiVerifier } from './face-api-verifier';
import type { FaceCheckSettings } from './face-check-settings';
import type { FaceVerifier } from './face-verifier';
import { createRekognitionVerifier, type RekognitionVerifierOptions } from './rekognition-verifier';

export function createFaceVerifier(
  settings: FaceCheckSettings,
  rekognition: () => RekognitionVerifierOptions['client'],
): FaceVerifier {
  if (settings.FACE_VERIFIER === 'rekognition') {
    return createRekognitionVerifier({
      client: rekognition(),
      // Checked present by the settings schema.
      collectionId: settings.REKOGNITION_COLLECTION_ID!,
      minSimilarity: settings.FACE_MATCH_MIN_SIMILARITY,
      minPersonConfidence: settings.FACE_MIN_PERSON_CONFIDENCE,
    });
  }
  return createFaceApiVerifier({
    maxMatchDistance: settings.FACE_MATCH_MAX_DISTANCE,
    minSecondDetectorScore: settings.FACE_MIN_SECOND_DETECTOR_SCORE,
  });
}
