/**
 * The Rekognition adapter's requests and its reading of the answers, against recorded response shapes
 * (rekognition-recorded-responses.ts): no emulator answers these calls truthfully (moto fails DetectFaces).
 */
import {
  DeleteFacesCommand,
  DetectFacesCommand,
  DetectLabelsCommand,
  IndexFacesCommand,
  SearchFacesByImageCommand,
} from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { FACE_CHECK_DEFAULTS, qualityLimits } from './face-check-settings';
import { FACE_REJECTION_REASONS, judgeFaces } from './face-quality';
import { FaceCheckUnavailableError, type FaceImage } from './face-verifier';
import {
  DETECT_NO_FACE,
  DETECT_ONE_FACE,
  DETECT_TWO_FACES,
  INDEX_ONE_FACE,
  LABELS_ONE_PERSON,
  SEARCH_MATCHES_STORED_FACE,
  SEARCH_NO_MATCH,
} from './rekognition-recorded-responses';
import { createRekognitionVerifier } from './rekognition-verifier';

const image: FaceImage = { rgb: Buffer.alloc(12), width: 2, height: 2, jpeg: Buffer.from('jpeg bytes') };
const employeeId = '0b7e6f0a-3c1d-4e8f-9a2b-1c3d5e7f9a0b';

/** A client that answers each command with a recorded response and remembers what it was sent. */
function recordedClient(answers: Partial<Record<string, unknown | Error>>) {
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

const verifierWith = (answers: Parameters<typeof recordedClient>[0]) => {
  const recorded = recordedClient(answers);
  return {
    ...recorded,
    verifier: createRekognitionVerifier({
      client: recorded.client,
      collectionId: 'xyz-faces',
      minSimilarity: 90,
      minPersonConfidence: 80,
    }),
  };
};

describe('the Rekognition face verifier (recorded response shapes)', () => {
  it('asks DetectFaces for every attribute and reads box, confidence, quality and pose', async () => {
    const { verifier, sent } = verifierWith({
      [DetectFacesCommand.name]: DETECT_ONE_FACE,
      [DetectLabelsCommand.name]: LABELS_ONE_PERSON,
    });
    const [face] = await verifier.detectFaces(image);
    expect(sent).toEqual([
      { command: 'DetectFacesCommand', input: { Image: { Bytes: image.jpeg }, Attributes: ['ALL'] } },
      {
        command: 'DetectLabelsCommand',
        input: { Image: { Bytes: image.jpeg }, MaxLabels: 100, MinConfidence: 50 },
      },
    ]);
    expect(face).toEqual({
      box: { left: 0.3268, top: 0.1723, width: 0.3632, height: 0.4907 },
      confidence: 99.99,
      brightness: 71.84,
      sharpness: 78.64,
      pose: { yaw: 4.16, pitch: 6.28, roll: -2.71 },
      looksHuman: true,
    });
  });

  it('clips a box past the edge and lists the largest face first', async () => {
    const { verifier } = verifierWith({
      [DetectFacesCommand.name]: DETECT_TWO_FACES,
      [DetectLabelsCommand.name]: STUB_LABELS_TWO_PEOPLE,
    });
    const faces = await verifier.detectFaces(image);
    expect(faces.map((f) => f.box.width)).toEqual([0.2233, expect.closeTo(0.1501, 4)]);
    expect(faces[1].box.left).toBe(0);
    expect(faces.map((f) => f.looksHuman)).toEqual([true, true]);
    // No face, no second call.
    const none = verifierWith({ [DetectFacesCommand.name]: DETECT_NO_FACE });
    expect(await none.verifier.detectFaces(image)).toEqual([]);
    expect(none.sent.map((s) => s.command)).toEqual(['DetectFacesCommand']);
  });

  it('indexes a verified face into the collection under the employee id', async () => {
    const { verifier, sent } = verifierWith({ [IndexFacesCommand.name]: INDEX_ONE_FACE });
    expect(await verifier.enrolFace(image, employeeId)).toEqual({
      kind: 'rekognition',
      collectionId: 'xyz-faces',
      faceId: '11111111-2222-4333-8444-555555555555',
    });
    expect(sent[0].input).toMatchObject({ CollectionId: 'xyz-faces', ExternalImageId: employeeId, MaxFaces: 1 });
  });

  it('compares a replacement by searching the collection for the stored face', async () => {
    const reference = {
      kind: 'rekognition',
      collectionId: 'xyz-faces',
      faceId: '11111111-2222-4333-8444-555555555555',
    } as const;
    const same = verifierWith({ [SearchFacesByImageCommand.name]: SEARCH_MATCHES_STORED_FACE });
    expect(await same.verifier.compareWithReference(image, reference)).toEqual({ similarity: 99.4, samePerson: true });
    expect(same.sent[0].input).toMatchObject({ CollectionId: 'xyz-faces', FaceMatchThreshold: 90 });

    const other = verifierWith({ [SearchFacesByImageCommand.name]: SEARCH_NO_MATCH });
    expect(await other.verifier.compareWithReference(image, reference)).toEqual({ similarity: 0, samePerson: false });
  });

  it('deletes the stored face from the collection', async () => {
    const { verifier, sent } = verifierWith({ [DeleteFacesCommand.name]: { DeletedFaces: ['f'] } });
    await verifier.forgetFace({ kind: 'rekognition', collectionId: 'xyz-faces', faceId: 'f' });
    expect(sent).toEqual([{ command: 'DeleteFacesCommand', input: { CollectionId: 'xyz-faces', FaceIds: ['f'] } }]);
  });

  describe("is the face a person's? (STUBBED DetectLabels answers: invented in the documented shape, not recorded)", () => {
    const limits = qualityLimits(FACE_CHECK_DEFAULTS);
    const wellLit = { brightness: 50, sharpness: 60, contrast: 40 };
    const judge = async (labels: unknown) => {
      const { verifier } = verifierWith({
        [DetectFacesCommand.name]: DETECT_ONE_FACE,
        [DetectLabelsCommand.name]: labels,
      });
      const faces = await verifier.detectFaces(image);
      return judgeFaces(faces, { width: 1000, height: 1000, measures: wellLit }, limits);
    };

    it('refuses a face with no confident "Person" around it: an animal', async () => {
      expect(await judge(STUB_LABELS_CAT)).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.notAPerson });
      expect(await judge(STUB_LABELS_WEAK_PERSON)).toEqual({
        accepted: false,
        reason: FACE_REJECTION_REASONS.notAPerson,
      });
    });

    it('refuses a statue or a painting even when DetectLabels also says "Person"', async () => {
      expect(await judge(STUB_LABELS_STATUE)).toEqual({ accepted: false, reason: FACE_REJECTION_REASONS.notAPerson });
      expect(await judge(STUB_LABELS_PAINTING)).toEqual({
        accepted: false,
        reason: FACE_REJECTION_REASONS.notAPerson,
      });
    });

    it('passes a person, also one holding a cat under a weak "Painting" guess', async () => {
      expect(await judge(LABELS_ONE_PERSON)).toMatchObject({ accepted: true });
      expect(await judge(STUB_LABELS_PERSON_WITH_CAT)).toMatchObject({ accepted: true });
    });

    it('a failing DetectLabels is "check unavailable", never a pass', async () => {
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      const { verifier } = verifierWith({
        [DetectFacesCommand.name]: DETECT_ONE_FACE,
        [DetectLabelsCommand.name]: throttled,
      });
      await expect(verifier.detectFaces(image)).rejects.toThrow(
        /Rekognition DetectLabels failed \(ThrottlingException\)/,
      );
    });
  });

  it('turns throttling or any service error into "check unavailable", never into an answer', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    const { verifier } = verifierWith({ [DetectFacesCommand.name]: throttled });
    await expect(verifier.detectFaces(image)).rejects.toThrow(FaceCheckUnavailableError);
    await expect(verifier.detectFaces(image)).rejects.toThrow(/ProvisionedThroughputExceededException/);
  });
});

/*
 * STUBS, not recordings: what DetectLabels might answer, invented in the shape of the API reference
 * (moto does not implement Rekognition; no AWS account here). DETECT_ONE_FACE's face is centred at (0.51, 0.42).
 */
const personAround = (confidence: number) => ({
  Name: 'Person',
  Confidence: confidence,
  Instances: [{ BoundingBox: { Width: 0.78, Height: 0.83, Left: 0.12, Top: 0.16 }, Confidence: confidence }],
  Parents: [],
  Aliases: [{ Name: 'Human' }],
});
const STUB_LABELS_TWO_PEOPLE = {
  Labels: [
    {
      Name: 'Person',
      Confidence: 99.7,
      Instances: [
        { BoundingBox: { Width: 0.3, Height: 0.7, Left: 0, Top: 0.2 }, Confidence: 99.7 },
        { BoundingBox: { Width: 0.4, Height: 0.75, Left: 0.5, Top: 0.15 }, Confidence: 99.5 },
      ],
      Parents: [],
    },
  ],
};
const STUB_LABELS_CAT = {
  Labels: [
    {
      Name: 'Cat',
      Confidence: 98.9,
      Instances: [{ BoundingBox: { Width: 0.9, Height: 0.95, Left: 0.05, Top: 0.05 }, Confidence: 98.9 }],
      Parents: [{ Name: 'Animal' }, { Name: 'Mammal' }, { Name: 'Pet' }],
    },
    { Name: 'Animal', Confidence: 98.9, Instances: [], Parents: [] },
  ],
};
const STUB_LABELS_WEAK_PERSON = { Labels: [...STUB_LABELS_CAT.Labels, personAround(62)] };
const STUB_LABELS_STATUE = {
  Labels: [personAround(91), { Name: 'Statue', Confidence: 97.1, Instances: [], Parents: [{ Name: 'Art' }] }],
};
const STUB_LABELS_PAINTING = {
  Labels: [personAround(88), { Name: 'Painting', Confidence: 95.4, Instances: [], Parents: [{ Name: 'Art' }] }],
};
const STUB_LABELS_PERSON_WITH_CAT = {
  Labels: [
    personAround(99.2),
    {
      Name: 'Cat',
      Confidence: 97.5,
      Instances: [{ BoundingBox: { Width: 0.3, Height: 0.3, Left: 0.6, Top: 0.6 }, Confidence: 97.5 }],
      Parents: [{ Name: 'Animal' }, { Name: 'Pet' }],
    },
    { Name: 'Painting', Confidence: 61.0, Instances: [], Parents: [{ Name: 'Art' }] },
  ],
};
