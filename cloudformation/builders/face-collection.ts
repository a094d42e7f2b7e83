/**
 * The Rekognition face collection of this installation: the verified face of each employee (IndexFaces with
 * the employee id as ExternalImageId), compared with a replacement photo (SearchFacesByImage) and deleted with
 * the photo (DeleteFaces). Face data is personal data (docs/decisions/205-face-data-storage.md): the collection
 * goes with the stack (default DeletionPolicy Delete), nothing else holds the faces.
 */
import { Rekognition } from 'cloudform-types';
import type { Fragment } from '../lib/fragment.js';
import { ref, sub } from '../lib/intrinsics.js';
import { ID, NAMES } from '../ids.js';

/** The collection's ARN, built from its name (IAM statements need it without a GetAtt cycle). */
export const faceCollectionArn = () =>
  sub(`arn:\${AWS::Partition}:rekognition:\${AWS::Region}:\${AWS::AccountId}:collection/${NAMES.faceCollection}`);

/** The collection id the function and the app are given (Ref returns the CollectionId). */
export const faceCollectionId = () => ref(ID.FaceCollection);

export function faceCollection(): Fragment {
  return {
    Resources: {
      [ID.FaceCollection]: new Rekognition.Collection({
        CollectionId: sub(NAMES.faceCollection),
        Tags: [{ Key: 'DataClassification', Value: 'personal-biometric' }],
      }),
    },
  };
}
