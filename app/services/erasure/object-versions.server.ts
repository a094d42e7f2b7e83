/**
 * Every stored version of the objects under a prefix, delete markers included: the photo bucket is versioned on
 * AWS, so deleting a key leaves its old versions readable. s3rver (local) has no versioning and answers
 * ListObjectVersions with 405: there the current objects are all there is.
 */
import {
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';

export interface StoredVersion {
  key: string;
  /** Absent on an unversioned store. */
  versionId?: string;
  deleteMarker: boolean;
}

function versioningUnsupported(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as Error).name;
  return status === 405 || status === 501 || name === 'MethodNotAllowed' || name === 'NotImplemented';
}

export async function listStoredVersions(s3: S3Client, bucket: string, prefix: string): Promise<StoredVersion[]> {
  try {
    return await listVersions(s3, bucket, prefix);
  } catch (error) {
    if (!versioningUnsupported(error)) throw error;
    return listCurrentObjects(s3, bucket, prefix);
  }
}

async function listVersions(s3: S3Client, bucket: string, prefix: string): Promise<StoredVersion[]> {
  const found: StoredVersion[] = [];
  let KeyMarker: string | undefined;
  let VersionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, KeyMarker, VersionIdMarker }),
    );
    for (const version of page.Versions ?? []) {
      if (version.Key) found.push({ key: version.Key, versionId: version.VersionId, deleteMarker: false });
    }
    for (const marker of page.DeleteMarkers ?? []) {
      if (marker.Key) found.push({ key: marker.Key, versionId: marker.VersionId, deleteMarker: true });
    }
    KeyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    VersionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (KeyMarker);
  return found;
}

async function listCurrentObjects(s3: S3Client, bucket: string, prefix: string): Promise<StoredVersion[]> {
  const found: StoredVersion[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
    for (const object of page.Contents ?? []) if (object.Key) found.push({ key: object.Key, deleteMarker: false });
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return found;
}

/** Deletes each listed version for good (with its VersionId, so no new delete marker is written). */
export async function deleteStoredVersions(
  s3: S3Client,
  bucket: string,
  versions: readonly StoredVersion[],
): Promise<void> {
  for (let start = 0; start < versions.length; start += 1000) {
    const batch = versions.slice(start, start + 1000);
    const result = await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: {
          Objects: batch.map((version) => ({
            Key: version.key,
            ...(version.versionId && version.versionId !== 'null' ? { VersionId: version.versionId } : {}),
          })),
          Quiet: true,
        },
      }),
    );
    const failed = result.Errors ?? [];
    if (failed.length > 0) {
      throw new Error(`S3 refused to delete ${failed.length} object versions (${failed[0]!.Code ?? 'unknown'})`);
    }
  }
}
