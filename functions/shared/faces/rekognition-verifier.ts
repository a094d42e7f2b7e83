/**
 * The FaceVerifier on AWS: Amazon Rekognition. DetectFaces (Attributes ALL) for the check, IndexFaces into
 * the installation's collection (ExternalImageId = the employee id) for a verified photo, SearchFacesByImage
 * for a replacement (is the stored face among the matches above the threshold?), DeleteFaces when the photo
 * or the employee goes. Every failure is a FaceCheckUnavailableError: retried, then `check failed`, never
 * taken for a pass.
 */
import {
  DeleteFacesCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  SearchFacesByImageCommand,
  type FaceDetail,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
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
}

/** How many matches a search returns: the stored face only has to be among them. */
const SEARCH_MAX_FACES = 20;

export function createRekognitionVerifier(options: RekognitionVerifierOptions): FaceVerifier {
  const { client, collectionId } = options;
  const call = async <T>(action: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      throw new FaceCheckUnavailableError(`Rekognition ${action} failed (${name})`, { cause: error });
    }
  };

  return {
    name: 'rekognition',
    async detectFaces(image) {
      const response = await call('DetectFaces', () =>
        client.send(new DetectFacesCommand({ Image: { Bytes: image.jpeg }, Attributes: ['ALL'] })),
      );
      return (response.FaceDetails ?? [])
        .flatMap((detail) => toDetectedFace(detail))
        .sort((a, b) => b.box.width - a.box.width);
    },
    async enrolFace(image, employeeId) {
      const response = await call('IndexFaces', () =>
        client.send(
          new IndexFacesCommand({
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
      const response = await call('SearchFacesByImage', () =>
        client.send(
          new SearchFacesByImageCommand({
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
      await call('DeleteFaces', () =>
        client.send(new DeleteFacesCommand({ CollectionId: reference.collectionId, FaceIds: [reference.faceId] })),
      );
    },
  };
}

function toDetectedFace(detail: FaceDetail): DetectedFace[] {
  const box = detail.BoundingBox;
  if (!box || box.Width === undefined || box.Height === undefined) return [];
  // Rekognition's boxes may reach past the image edge (negative Left, say): clip them to the image.
  const left = Math.max(0, box.Left ?? 0);
  const top = Math.max(0, box.Top ?? 0);
  return [
    {
      box: {
        left,
        top,
        width: Math.min(box.Width + Math.min(0, box.Left ?? 0), 1 - left),
        height: Math.min(box.Height + Math.min(0, box.Top ?? 0), 1 - top),
      },
      confidence: detail.Confidence ?? 0,
      brightness: detail.Quality?.Brightness ?? 0,
      sharpness: detail.Quality?.Sharpness ?? 0,
      pose: { yaw: detail.Pose?.Yaw ?? 0, pitch: detail.Pose?.Pitch ?? 0, roll: detail.Pose?.Roll ?? 0 },
    },
  ];
}
