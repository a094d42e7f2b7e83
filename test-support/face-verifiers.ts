/**
 * Face verifiers that count what reaches them, for proving that a photo without consent never reaches the local
 * model or Rekognition (docs/decisions/206-face-check-consent.md), and a Rekognition client that answers with the
 * recorded response shapes (functions/shared/faces/rekognition-recorded-responses.ts): moto does not implement
 * Rekognition's face calls, so this stand-in is what the Rekognition path is tested against.
 */
import type { FaceVerifier } from '@shared/faces/face-verifier';

export interface VerifierCalls {
  detectFaces: number;
  enrolFace: number;
  compareWithReference: number;
  forgetFace: number;
}

/** Wraps a verifier; `calls` counts each method's calls. */
export function countingVerifier(inner: FaceVerifier): { verifier: FaceVerifier; calls: VerifierCalls } {
  const calls: VerifierCalls = { detectFaces: 0, enrolFace: 0, compareWithReference: 0, forgetFace: 0 };
  const verifier: FaceVerifier = {
    name: inner.name,
    detectFaces: (image) => {
      calls.detectFaces += 1;
      return inner.detectFaces(image);
    },
    enrolFace: (image, employeeId) => {
      calls.enrolFace += 1;
      return inner.enrolFace(image, employeeId);
    },
    compareWithReference: (image, reference) => {
      calls.compareWithReference += 1;
      return inner.compareWithReference(image, reference);
    },
    forgetFace: (reference) => {
      calls.forgetFace += 1;
      return inner.forgetFace(reference);
    },
  };
  return { verifier, calls };
}

/** A stand-in Rekognition client: answers each command by name with a recorded response; `sent` lists every call. */
export function recordedRekognitionClient(answers: Partial<Record<string, unknown>>) {
  const sent: Array<{ command: string; input: Record<string, unknown> }> = [];
  return {
    sent,
    client: {
      send: async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        sent.push({ command: command.constructor.name, input: command.input });
        const answer = answers[command.constructor.name];
        if (answer instanceof Error) throw answer;
        if (!answer) throw new Error(`no recorded answer for ${command.constructor.name}`);
        return { $metadata: {}, ...answer };
      },
    } as never,
  };
}
