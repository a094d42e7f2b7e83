/**
 * Errors with a meaning for the photo function's caller.
 * A permanent problem with the image becomes a `failed` record and a normal return (no retry storm);
 * anything else (S3 or DynamoDB unavailable, throttling) propagates, so Lambda retries the event.
 */

/** The original cannot become a profile photo, whatever the retry: the reason is shown to people. */
export class UnprocessableImageError extends Error {
  override name = 'UnprocessableImageError';
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
  }
}

/** recordUploadedPhoto found a record already there for this photo id. */
export class PhotoRecordExistsError extends Error {
  override name = 'PhotoRecordExistsError';
  constructor(
    readonly employeeId: string,
    readonly photoId: string,
  ) {
    super(`A photo record already exists for employee ${employeeId}, photo ${photoId}`);
  }
}

/** A stored item that does not match the photo record contract: a bug or a hand edit, never retried away. */
export class CorruptPhotoRecordError extends Error {
  override name = 'CorruptPhotoRecordError';
}

export const isConditionalCheckFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';
