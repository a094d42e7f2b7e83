/**
 * The face check's seam: one interface, two implementations. On AWS, Amazon Rekognition
 * (rekognition-verifier.ts); locally and in tests, a real detector and descriptor model that ships in an npm
 * package (face-api-verifier.ts). The photo function only sees this interface and the pure judgement in
 * face-quality.ts, so the outcome rules are the same whichever model answered.
 *
 * Face data (a descriptor, a Rekognition face id) is personal data: it is returned as an opaque FaceReference
 * that is stored on the photo record only, and deleted with it (forget).
 */

/** An upright image as the photo function decoded it: raw sRGB pixels plus a JPEG of the same pixels. */
export interface FaceImage {
  /** width × height × 3 bytes, row by row, RGB. */
  rgb: Buffer;
  width: number;
  height: number;
  /** The same pixels as a JPEG (what Rekognition takes: bytes, 5 MB at most). */
  jpeg: Buffer;
}

/** A box in fractions of the image's width and height (Rekognition's convention), 0..1. */
export interface FaceBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface DetectedFace {
  box: FaceBox;
  /** 0..100 */
  confidence: number;
  /** 0..100, like Rekognition's Quality.Brightness. */
  brightness: number;
  /** 0..100, like Rekognition's Quality.Sharpness. */
  sharpness: number;
  /** Degrees; 0 is facing the camera. */
  pose: { yaw: number; pitch: number; roll: number };
  /**
   * Whether the verifier takes this for a living person's face, not an animal's, a painting's or a drawing's:
   * face detectors also fire on those (a cat scored 93%). Each verifier has its own signal (decision 204).
   */
  looksHuman: boolean;
}

/** What a later replacement is compared with. Opaque to everything but the verifier that made it. */
export type FaceReference =
  | { kind: 'descriptor'; model: string; descriptor: number[] }
  | { kind: 'rekognition'; collectionId: string; faceId: string };

export interface FaceComparison {
  /** 0..100: Rekognition's Similarity, or the local model's 100 × (1 − distance). */
  similarity: number;
  /** Whether the verifier's own threshold (configuration) counts it as the same person. */
  samePerson: boolean;
}

export interface FaceVerifier {
  readonly name: 'face-api' | 'rekognition';
  /** Every face in the image, largest first. Throws on a transient failure (throttled, timed out). */
  detectFaces(image: FaceImage): Promise<DetectedFace[]>;
  /** Keeps the one face in `image` (of `employeeId`) as the reference for later replacements. */
  enrolFace(image: FaceImage, employeeId: string): Promise<FaceReference>;
  /** Compares the one face in `image` with a reference made by enrolFace. */
  compareWithReference(image: FaceImage, reference: FaceReference): Promise<FaceComparison>;
  /** Deletes what enrolFace kept outside the photo record (a Rekognition face); a no-op otherwise. */
  forgetFace(reference: FaceReference): Promise<void>;
}

/** The verifier could not give an answer now (model or service failure): retried, then `check failed`. */
export class FaceCheckUnavailableError extends Error {
  override name = 'FaceCheckUnavailableError';
}
