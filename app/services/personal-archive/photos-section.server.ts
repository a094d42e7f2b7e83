/**
 * The person's photos: every photo record (current, pending, held for HR, refused or failed) with the face
 * check's outcome, and the files in the bucket (the original and each rendition). The face reference itself is
 * named, not copied (decision 205: it is never exported; its numbers mean nothing to a reader and a copy would
 * be one more place a biometric template lives).
 */
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { RENDITION_EXTENSIONS } from '@shared/contracts/s3-keys';
import { isHeldForReview, type PhotoRecord } from '@shared/contracts/photo-record';
import type { Platform } from '~/platform.server';
import type { ArchiveFile, ArchiveSection } from './section.server';
import { personPartition, personRecord } from './shared-reads.server';

type PhotoRole = 'current' | 'pending' | 'held-for-hr' | 'refused' | 'failed' | 'earlier';

function roleOf(record: PhotoRecord, employee: { photoId: string | null; pendingPhotoId: string | null }): PhotoRole {
  if (record.photoId === employee.photoId) return 'current';
  if (record.state === 'failed') return record.faceCheck?.outcome === 'refused' ? 'refused' : 'failed';
  if (isHeldForReview(record)) return 'held-for-hr';
  if (record.photoId === employee.pendingPhotoId) return 'pending';
  return 'earlier';
}

const ORIGINAL_EXTENSIONS: Record<string, string> = {
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  heic: 'heic',
};

function bucketFile(platform: Platform, name: string, key: string): ArchiveFile {
  return {
    name,
    compressed: true,
    async open() {
      try {
        const object = await platform.s3.send(new GetObjectCommand({ Bucket: platform.bucket, Key: key }));
        return object.Body as Readable;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return null;
        throw error;
      }
    },
  };
}

export const photosSection: ArchiveSection = {
  key: 'photos',
  readme: 'myDataReadme.photos',
  async collect(context) {
    const { platform } = context;
    const [{ photos: records }, record] = await Promise.all([personPartition(context), personRecord(context)]);
    const employee = record?.employee;
    const slots = { photoId: employee?.photoId ?? null, pendingPhotoId: employee?.pendingPhotoId ?? null };
    const files: ArchiveFile[] = [];
    // A copy: the partition's list is shared with the other sections of this archive.
    const photos = [...records]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((record) => {
        const role = roleOf(record, slots);
        const folder = `photos/${role}/${record.photoId}`;
        const original = `${folder}/original.${ORIGINAL_EXTENSIONS[record.format ?? ''] ?? 'bin'}`;
        files.push(bucketFile(platform, original, record.originalKey));
        const renditions = record.renditions.map((rendition) => {
          const name = `${folder}/${rendition.size}.${RENDITION_EXTENSIONS[rendition.format]}`;
          files.push(bucketFile(platform, name, rendition.key));
          return { file: name, width: rendition.width, height: rendition.height, bytes: rendition.bytes };
        });
        return {
          photoId: record.photoId,
          role,
          state: record.state,
          uploadedAt: record.createdAt,
          updatedAt: record.updatedAt,
          original: {
            file: original,
            format: record.format ?? null,
            bytes: record.bytes ?? null,
            width: record.width ?? null,
            height: record.height ?? null,
          },
          renditions,
          faceCheck: record.faceCheck ?? null,
          failureReason: record.failureReason ?? null,
          faceReference: record.faceReference
            ? record.faceReference.kind === 'descriptor'
              ? { kept: true, where: 'on this photo record', model: record.faceReference.model }
              : { kept: true, where: `the face collection ${record.faceReference.collectionId}` }
            : { kept: false },
        };
      });
    return { data: photos, files };
  },
};
