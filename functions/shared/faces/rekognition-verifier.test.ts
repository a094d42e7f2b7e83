/**
 * The Rekognition adapter's requests and its reading of the answers, against recorded response shapes
 * (rekognition-recorded-responses.ts): no emulator answers these calls truthfully (moto fails DetectFaces).
 */
import {
  DeleteFacesCommand,
  DetectFacesCommand,
  IndexFacesCommand,
  SearchFacesByImageCommand,
} from '@aws-sdk/client-rekognition';
import { describe, expect, it } from 'vitest';
import { FaceCheckUnavailableError, type FaceImage } from './face-verifier';
import {
  DETECT_NO_FACE,
  DETECT_ONE_FACE,
  DETECT_TWO_FACES,
  INDEX_ONE_FACE,
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
    verifier: createRekognitionVerifier({ client: recorded.client, collectionId: 'xyz-faces', minSimilarity: 90 }),
  };
};

describe('the Rekognition face verifier (recorded response shapes)', () => {
  it('asks DetectFaces for every attribute and reads box, confidence, quality and pose', async () => {
    const { verifier, sent } = verifierWith({ [DetectFacesCommand.name]: DETECT_ONE_FACE });
    const [face] = await verifier.detectFaces(image);
    expect(sent).toEqual([
      { command: 'DetectFacesCommand', input: { Image: { Bytes: image.jpeg }, Attributes: ['ALL'] } },
    ]);
    expect(face).toEqual({
      box: { left: 0.3268, top: 0.1723, width: 0.3632, height: 0.4907 },
      confidence: 99.99,
      brightness: 71.84,
      sharpness: 78.64,
      pose: { yaw: 4.16, pitch: 6.28, roll: -2.71 },
    });
  });

  it('clips a box past the edge and lists the largest face first', async () => {
    const { verifier } = verifierWith({ [DetectFacesCommand.name]: DETECT_TWO_FACES });
    const faces = await verifier.detectFaces(image);
    expect(faces.map((f) => f.box.width)).toEqual([0.2233, expect.closeTo(0.1501, 4)]);
    expect(faces[1].box.left).toBe(0);
    expect(await verifierWith({ [DetectFacesCommand.name]: DETECT_NO_FACE }).verifier.detectFaces(image)).toEqual([]);
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

  it('turns throttling or any service error into "check unavailable", never into an answer', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    const { verifier } = verifierWith({ [DetectFacesCommand.name]: throttled });
    await expect(verifier.detectFaces(image)).rejects.toThrow(FaceCheckUnavailableError);
    await expect(verifier.detectFaces(image)).rejects.toThrow(/ProvisionedThroughputExceededException/);
  });
});
