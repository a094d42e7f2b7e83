/**
 * Photos: each photo record through the existing deletion (its Rekognition face first, then renditions,
 * original and record: decision 205), then every version and delete marker left under the person's S3 prefixes
 * (the bucket keeps noncurrent versions), then any face the collection still keeps under their id (a stray
 * whose DeleteFaces once failed: decision 205's consequences).
 */
import { ORIGINALS_PREFIX, RENDITIONS_PREFIX } from '@shared/contracts/s3-keys';
import { listPhotosForEmployee } from '@shared/photo-records';
import { metadataTable } from '@shared/metadata-table';
import { deletePhoto } from '~/services/photo-storage.server';
import type { ErasureStep } from './erasure-step.server';
import { deleteStoredVersions, listStoredVersions } from './object-versions.server';

/** The S3 prefixes holding one employee's objects (s3-keys.ts builds every key under one of them). */
export function objectPrefixesOf(employeeId: string): string[] {
  return [`${ORIGINALS_PREFIX}${employeeId}/`, `${RENDITIONS_PREFIX}${employeeId}/`];
}

export const photosStep: ErasureStep = {
  name: 'photos',
  async run({ platform, erasure }) {
    for (const photo of await listPhotosForEmployee(metadataTable(platform), erasure.employeeId)) {
      await deletePhoto(platform, { employeeId: erasure.employeeId, photoId: photo.photoId });
    }
  },
};

export const objectVersionsStep: ErasureStep = {
  name: 'object-versions',
  async run({ platform, erasure }) {
    for (const prefix of objectPrefixesOf(erasure.employeeId)) {
      const versions = await listStoredVersions(platform.s3, platform.bucket, prefix);
      await deleteStoredVersions(platform.s3, platform.bucket, versions);
    }
  },
};

export const faceCollectionStep: ErasureStep = {
  name: 'face-collection',
  async run({ erasure, ports }) {
    if (!ports.faceCollection) return;
    const faceIds = await ports.faceCollection.listFaceIds(erasure.employeeId);
    if (faceIds.length > 0) await ports.faceCollection.deleteFaces(faceIds);
  },
};
