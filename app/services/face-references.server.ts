/**
 * Deleting every face reference kept for a person (docs/decisions/206-face-check-consent.md): when they withdraw
 * their consent to the face check, and when the retention period after their deactivation ends. The reference is
 * an attribute of each photo record (the local model's numbers, or a Rekognition face id), and on AWS the face
 * itself is in the collection: DeleteFaces first, then the attribute, so no face is left whose id nobody knows.
 * The photos stay; each is marked never to be checked again (policy `no-consent`), so an upload still waiting for
 * the photo function is looked at by HR instead.
 */
import { listPhotosForEmployee, removeFaceReference } from '@shared/photo-records';
import type { PhotoRecord } from '@shared/contracts/photo-record';
import type { FaceVerifier } from '@shared/faces/face-verifier';
import { metadataTable } from '@shared/metadata-table';
import type { Platform } from '~/platform.server';
import { faceVerifierOf } from './photo-storage.server';

/**
 * Deletes the person's face references; returns how many were deleted. Throws when Rekognition or DynamoDB does
 * (nothing is skipped silently): calling it again finishes the job, as each step is idempotent.
 * `verifier`: the platform's own unless a test gives a stand-in.
 */
export async function deleteFaceReferences(
  platform: Platform,
  employeeId: string,
  options: { verifier?: FaceVerifier } = {},
): Promise<{ deleted: number }> {
  const verifier = options.verifier ?? faceVerifierOf(platform);
  const table = metadataTable(platform);
  let deleted = 0;
  for (const photo of await listPhotosForEmployee(table, employeeId)) {
    if (photo.faceReference) await verifier.forgetFace(photo.faceReference);
    const before = await removeFaceReference(table, photo);
    const removed = before?.faceReference;
    if (!removed) continue;
    // The photo function finished this photo between the listing and the removal with another face: delete it too.
    const sameAsListed =
      JSON.stringify(removed) === JSON.stringify(photo.faceReference) || removed.kind !== 'rekognition';
    if (!sameAsListed) await verifier.forgetFace(removed);
    deleted += 1;
  }
  platform.log.info('face references deleted', { employeeId, deleted });
  return { deleted };
}

/**
 * An upload the photo function was already checking when the person withdrew: the withdrawal set its policy to
 * `no-consent`, but the function, which read the policy when it began, may still write a reference afterwards.
 * The photo watcher calls this for every finished upload, so such a reference lives a second or two at most.
 * Returns whether one was deleted.
 */
export async function dropReferenceMadeWithoutConsent(
  platform: Platform,
  record: PhotoRecord,
  options: { verifier?: FaceVerifier } = {},
): Promise<boolean> {
  if (!record.faceReference || record.faceCheckPolicy !== 'no-consent') return false;
  await (options.verifier ?? faceVerifierOf(platform)).forgetFace(record.faceReference);
  await removeFaceReference(metadataTable(platform), record);
  platform.log.info('face reference made after consent was withdrawn deleted', {
    employeeId: record.employeeId,
    photoId: record.photoId,
  });
  return true;
}
