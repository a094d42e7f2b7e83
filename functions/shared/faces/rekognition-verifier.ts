/**
 * The FaceVerifier on AWS: Amazon Rekognition. DetectFaces (Attributes ALL) for the check, IndexFaces into
 * the installation's collection (ExternalImageId = the employee id) for a verified photo, SearchFacesByImage
 * for a replacement (is the stored face among the matches above the threshold?), DeleteFaces when the photo
 * or the employee goes. Every failure is a FaceCheckUnavailableError: retried, then `check failed`, never
 * taken for a pass.
 *
 * DetectFaces does not say whether a face is a person's (AWS documents nothing for an animal, a statue or a
 * drawing, and face detectors do fire on them), so a photo with faces also goes to DetectLabels: a face is a
 * person's when its centre lies inside a "Person" instance and the photo is not labelled as a statue, a
 * painting, a drawing, a toy or a mask (decision 204: label names and floors are to be checked on a real
 * account).
 */
import type { FaceDetail, Label, RekognitionClient } from '@aws-sdk/client-rekognition';
import { loadRekognitionSdk } from '../aws-sdk-loaders';
import {
  FaceCheckUnavailableError,
  type DetectedFace,
  type FaceComparison,
  type FaceImage,
  type FaceReference,
  type FaceVerifier,
} from './face-verifier';

export interface RekognitionVerifierOptions {
  client: Pick<RekognitionClient, 'send'>;
  collectionId: string;
  /** Rekognition Similarity (0..100) at or above which a replacement is the same person (decision 204). */
  minSimilarity: number;
  /** DetectLabels confidence (0..100) a "Person" instance around the face needs (decision 204). */
  minPersonConfidence: number;
}

/**
 * Labels (or their parents) that mean the faces in the photo are not a living person's: DetectLabels names what
 * the whole photo shows, and these win over "Person", which it may also give a statue or a painted portrait.
 * Counted from NOT_A_PERSON_MIN_CONFIDENCE, so a weak guess does not refuse a real portrait. Animals are not
 * listed: an animal's face has no "Person" around it, and a person holding their cat is still a person.
 */
export const NOT_A_PERSON_LABELS = [
  'Statue',
  'Sculpture',
  'Figurine',
  'Mannequin',
  'Doll',
  'Toy',
  'Mask',
  'Painting',
  'Drawing',
  'Cartoon',
  'Comics',
  'Anime',
] as const;
export const NOT_A_PERSON_MIN_CONFIDENCE = 90;

/** How many matches a search returns: the stored face only has to be among them. */
const SEARCH_MAX_FACES = 20;

export function createRekognitionVerifier(options: RekognitionVerifierOptions): FaceVerifier {
  const { client, collectionId } = options;
  // The SDK is loaded inside the try: a package that cannot be loaded is one more failure of the check, not a pass.
  const call = async <T>(
    action: string,
    send: (rekognition: Awaited<ReturnType<typeof loadRekognitionSdk>>) => Promise<T>,
  ): Promise<T> => {
    try {
      return await send(await loadRekognitionSdk());
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new FaceCheckUnavailableError(`Rekognition ${action} failed (${name})`, { cause: error });
    }
  };

  return {
    name: 'rekognition',
    async detectFaces(image) {
      const response = await call('DetectFaces', (rekognition) =>
        client.send(new rekognition.DetectFacesCommand({ Image: { Bytes: image.jpeg }, Attributes: ['ALL'] })),
      );
      const details = response.FaceDetails ?? [];
      if (details.length === 0) return [];
      const labels = await call('DetectLabels', (rekognition) =>
        client.send(
          new rekognition.DetectLabelsCommand({
            Image: { Bytes: image.jpeg },
            MaxLabels: 100,
            MinConfidence: LABELS_FLOOR,
          }),
        ),
      );
      const looksHuman = personJudge(labels.Labels ?? [], options.minPersonConfidence);
      return details.flatMap((detail) => toDetectedFace(detail, looksHuman)).sort((a, b) => b.box.width - a.box.width);
    },
    async enrolFace(image, employeeId) {
      const response = await call('IndexFaces', (rekognition) =>
        client.send(
          new rekognition.IndexFacesCommand({
            CollectionId: collectionId,
            Image: { Bytes: image.jpeg },
            ExternalImageId: employeeId,
            MaxFaces: 1,
            QualityFilter: 'AUTO',
            DetectionAttributes: ['DEFAULT'],
          }),
        ),
      );
      const faceId = response.FaceRecords?.[0]?.Face?.FaceId;
      if (!faceId) throw new FaceCheckUnavailableError('Rekognition IndexFaces kept no face from a checked photo');
      return { kind: 'rekognition', collectionId, faceId };
    },
    async compareWithReference(image: FaceImage, reference: FaceReference): Promise<FaceComparison> {
      if (reference.kind !== 'rekognition' || reference.collectionId !== collectionId) {
        throw new FaceCheckUnavailableError(`A ${reference.kind} reference cannot be compared by Rekognition`);
      }
      const response = await call('SearchFacesByImage', (rekognition) =>
        client.send(
          new rekognition.SearchFacesByImageCommand({
            CollectionId: collectionId,
            Image: { Bytes: image.jpeg },
            FaceMatchThreshold: options.minSimilarity,
            MaxFaces: SEARCH_MAX_FACES,
            QualityFilter: 'NONE',
          }),
        ),
      );
      const match = (response.FaceMatches ?? []).find((candidate) => candidate.Face?.FaceId === reference.faceId);
      // Below the threshold Rekognition does not return the face at all: its similarity is "under the threshold".
      const similarity = match?.Similarity ?? 0;
      return { similarity: Math.round(similarity * 10) / 10, samePerson: similarity >= options.minSimilarity };
    },
    async forgetFace(reference) {
      if (reference.kind !== 'rekognition') return;
      await call('DeleteFaces', (rekognition) =>
        client.send(
          new rekognition.DeleteFacesCommand({ CollectionId: reference.collectionId, FaceIds: [reference.faceId] }),
        ),
      );
    },
  };
}

/** Labels under this are not asked for: neither rule reads them. */
const LABELS_FLOOR = 50;

type Box = { left: number; top: number; width: number; height: number };

/**
 * From one DetectLabels answer, a test of each face box: is its centre inside a confident "Person" instance
 * (the label Rekognition also calls "Human"), with no not-a-person label on the photo?
 */
export function personJudge(labels: Label[], minPersonConfidence: number): (box: Box) => boolean {
  const named = (label: Label, names: readonly string[]) =>
    [label.Name, ...(label.Parents ?? []).map((parent) => parent.Name), ...(label.Aliases ?? []).map((a) => a.Name)]
      .filter((name): name is string => Boolean(name))
      .some((name) => names.includes(name));
  const notAPerson = labels.some(
    (label) => (label.Confidence ?? 0) >= NOT_A_PERSON_MIN_CONFIDENCE && named(label, NOT_A_PERSON_LABELS),
  );
  const people = labels
    .filter((label) => named(label, ['Person', 'Human']))
    .flatMap((label) => label.Instances ?? [])
    .filter((instance) => (instance.Confidence ?? 0) >= minPersonConfidence && instance.BoundingBox)
    .map((instance) => instance.BoundingBox!);
  return (box) => {
    if (notAPerson) return false;
    const x = box.left + box.width / 2;
    const y = box.top + box.height / 2;
    return people.some(
      (p) =>
        x >= (p.Left ?? 0) &&
        x <= (p.Left ?? 0) + (p.Width ?? 0) &&
        y >= (p.Top ?? 0) &&
        y <= (p.Top ?? 0) + (p.Height ?? 0),
    );
  };
}

function toDetectedFace(detail: FaceDetail, looksHuman: (box: Box) => boolean): DetectedFace[] {
  const box = detail.BoundingBox;
  if (!box || box.Width === undefined || box.Height === undefined) return [];
  // Rekognition's boxes may reach past the image edge (negative Left, say): clip them to the image.
  const left = Math.max(0, box.Left ?? 0);
  const top = Math.max(0, box.Top ?? 0);
  const clipped = {
    left,
    top,
    width: Math.min(box.Width + Math.min(0, box.Left ?? 0), 1 - left),
    height: Math.min(box.Height + Math.min(0, box.Top ?? 0), 1 - top),
  };
  return [
    {
      box: clipped,
      confidence: detail.Confidence ?? 0,
      brightness: detail.Quality?.Brightness ?? 0,
      sharpness: detail.Quality?.Sharpness ?? 0,
      pose: { yaw: detail.Pose?.Yaw ?? 0, pitch: detail.Pose?.Pitch ?? 0, roll: detail.Pose?.Roll ?? 0 },
      looksHuman: looksHuman(clipped),
    },
  ];
}
