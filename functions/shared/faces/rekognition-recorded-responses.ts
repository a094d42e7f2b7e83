/**
 * Recorded response shapes of Amazon Rekognition (API version 2016-06-27), after the examples in the AWS API
 * reference, trimmed to the fields we read (values made up in those shapes). moto cannot stand in here: its DetectFaces and
 * IndexFaces answer 500 and its CompareFaces gives a fixed answer. Used by the adapter's tests and, for
 * timings, by the photo bench.
 */
import type {
  DeleteFacesCommandOutput,
  DetectFacesCommandOutput,
  DetectLabelsCommandOutput,
  IndexFacesCommandOutput,
  SearchFacesByImageCommandOutput,
} from '@aws-sdk/client-rekognition';

type Recorded<T> = Omit<T, '$metadata'>;

/** One person facing the camera, well lit. */
export const DETECT_ONE_FACE: Recorded<DetectFacesCommandOutput> = {
  FaceDetails: [
    {
      BoundingBox: { Width: 0.3632, Height: 0.4907, Left: 0.3268, Top: 0.1723 },
      AgeRange: { Low: 26, High: 34 },
      Smile: { Value: true, Confidence: 96.1 },
      Eyeglasses: { Value: false, Confidence: 99.2 },
      EyesOpen: { Value: true, Confidence: 98.4 },
      Landmarks: [{ Type: 'eyeLeft', X: 0.4344, Y: 0.3695 }],
      Pose: { Roll: -2.71, Yaw: 4.16, Pitch: 6.28 },
      Quality: { Brightness: 71.84, Sharpness: 78.64 },
      Confidence: 99.99,
    },
  ],
};

/** Two people; the second box reaches past the left edge, as Rekognition's boxes may. */
export const DETECT_TWO_FACES: Recorded<DetectFacesCommandOutput> = {
  FaceDetails: [
    {
      BoundingBox: { Width: 0.1714, Height: 0.2556, Left: -0.0213, Top: 0.2801 },
      Pose: { Roll: 3.1, Yaw: -18.2, Pitch: 2.2 },
      Quality: { Brightness: 64.2, Sharpness: 53.3 },
      Confidence: 99.9,
    },
    {
      BoundingBox: { Width: 0.2233, Height: 0.3321, Left: 0.5512, Top: 0.2214 },
      Pose: { Roll: -1.3, Yaw: 8.9, Pitch: -4.0 },
      Quality: { Brightness: 66.0, Sharpness: 67.1 },
      Confidence: 99.97,
    },
  ],
};

export const DETECT_NO_FACE: Recorded<DetectFacesCommandOutput> = { FaceDetails: [] };

/** DetectLabels on DETECT_ONE_FACE's photo: one person, whose instance box holds the face. */
export const LABELS_ONE_PERSON: Recorded<DetectLabelsCommandOutput> = {
  Labels: [
    {
      Name: 'Person',
      Confidence: 99.6,
      Instances: [{ BoundingBox: { Width: 0.78, Height: 0.83, Left: 0.12, Top: 0.16 }, Confidence: 99.6 }],
      Parents: [],
      Aliases: [{ Name: 'Human' }],
      Categories: [{ Name: 'Person Description' }],
    },
    { Name: 'Face', Confidence: 99.6, Instances: [], Parents: [{ Name: 'Head' }, { Name: 'Person' }] },
    { Name: 'Portrait', Confidence: 96.2, Instances: [], Parents: [{ Name: 'Face' }, { Name: 'Person' }] },
  ],
  LabelModelVersion: '3.0',
};

export const INDEX_ONE_FACE: Recorded<IndexFacesCommandOutput> = {
  FaceRecords: [
    {
      Face: {
        FaceId: '11111111-2222-4333-8444-555555555555',
        BoundingBox: { Width: 0.3632, Height: 0.4907, Left: 0.3268, Top: 0.1723 },
        ImageId: '7f1a1f6e-4b3c-3a0e-9d1e-0d1f0c7c5d21',
        ExternalImageId: 'employee id',
        Confidence: 99.99,
      },
      FaceDetail: { Confidence: 99.99 },
    },
  ],
  FaceModelVersion: '7.0',
  UnindexedFaces: [],
};

/** The stored face (INDEX_ONE_FACE's) among the matches, plus a lookalike. */
export const SEARCH_MATCHES_STORED_FACE: Recorded<SearchFacesByImageCommandOutput> = {
  SearchedFaceBoundingBox: { Width: 0.35, Height: 0.48, Left: 0.33, Top: 0.18 },
  SearchedFaceConfidence: 99.98,
  FaceMatches: [
    {
      Similarity: 99.42,
      Face: { FaceId: '11111111-2222-4333-8444-555555555555', ExternalImageId: 'employee id', Confidence: 99.99 },
    },
    {
      Similarity: 91.1,
      Face: { FaceId: '99999999-2222-4333-8444-555555555555', ExternalImageId: 'someone else', Confidence: 99.9 },
    },
  ],
  FaceModelVersion: '7.0',
};

/** Someone else: the stored face is not among the matches above the threshold. */
export const SEARCH_NO_MATCH: Recorded<SearchFacesByImageCommandOutput> = {
  SearchedFaceBoundingBox: { Width: 0.35, Height: 0.48, Left: 0.33, Top: 0.18 },
  SearchedFaceConfidence: 99.98,
  FaceMatches: [],
  FaceModelVersion: '7.0',
};

/** DeleteFaces of INDEX_ONE_FACE's face. */
export const DELETE_ONE_FACE: Recorded<DeleteFacesCommandOutput> = {
  DeletedFaces: ['11111111-2222-4333-8444-555555555555'],
  UnsuccessfulFaceDeletions: [],
};

/**
 * ASSUMED latencies per call for the photo bench's Rekognition estimate: not measured (this machine has no AWS
 * access). Replace with timings from a real account before trusting the bench's Rekognition figure.
 */
export const ASSUMED_LATENCY_MS = {
  DetectFaces: 420,
  DetectLabels: 450,
  IndexFaces: 610,
  SearchFacesByImage: 480,
  DeleteFaces: 120,
};
