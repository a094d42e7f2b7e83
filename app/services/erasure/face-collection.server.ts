/**
 * The face collection as erasure and the residue scan see it: the faces kept for one employee (on AWS the
 * Rekognition collection's faces whose ExternalImageId is the employee id, decision 205), and their deletion.
 * Locally the face reference is only a descriptor on the photo record, so there is no collection (null).
 */
import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { loadRekognitionSdk } from '@shared/aws-sdk-loaders';

export interface FaceCollection {
  /** The ids of every face in the collection kept for this employee. */
  listFaceIds(employeeId: string): Promise<string[]>;
  deleteFaces(faceIds: readonly string[]): Promise<void>;
}

export function rekognitionFaceCollection(
  client: Pick<RekognitionClient, 'send'>,
  collectionId: string,
): FaceCollection {
  return {
    async listFaceIds(employeeId) {
      const { ListFacesCommand } = await loadRekognitionSdk();
      const ids: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListFacesCommand({ CollectionId: collectionId, MaxResults: 1000, NextToken: token }),
        );
        for (const face of page.Faces ?? []) {
          if (face.ExternalImageId === employeeId && face.FaceId) ids.push(face.FaceId);
        }
        token = page.NextToken;
      } while (token);
      return ids;
    },
    async deleteFaces(faceIds) {
      const { DeleteFacesCommand } = await loadRekognitionSdk();
      // DeleteFaces takes up to 4096 ids a call; a person has a handful.
      for (let start = 0; start < faceIds.length; start += 1000) {
        await client.send(
          new DeleteFacesCommand({ CollectionId: collectionId, FaceIds: faceIds.slice(start, start + 1000) }),
        );
      }
    },
  };
}
