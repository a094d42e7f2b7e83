/** Reads an original from S3 as a stream: hashing as it goes, and stopping at the size bound. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { UnprocessableImageError } from '@shared/errors';

export interface Original {
  body: Buffer;
  bytes: number;
  /** sha256 of the bytes, hex */
  contentHash: string;
}

const mebibytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function readOriginal(
  s3: S3Client,
  location: { bucket: string; key: string },
  maxBytes: number,
): Promise<Original> {
  let response;
  try {
    response = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
  } catch (error) {
    // Deleted since the event was sent: no retry will bring it back.
    if (error instanceof Error && error.name === 'NoSuchKey') {
      throw new UnprocessableImageError('The uploaded file is no longer in storage. Upload it again.', {
        cause: error,
      });
    }
    throw error;
  }
  const tooLarge = () =>
    new UnprocessableImageError(`The file is larger than ${mebibytes(maxBytes)} MB, the most we process.`);
  if ((response.ContentLength ?? 0) > maxBytes) {
    (response.Body as Readable | undefined)?.destroy();
    throw tooLarge();
  }
  const stream = response.Body as Readable;
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    if (bytes > maxBytes) {
      stream.destroy();
      throw tooLarge();
    }
    hash.update(buffer);
    chunks.push(buffer);
  }
  return { body: Buffer.concat(chunks, bytes), bytes, contentHash: hash.digest('hex') };
}
