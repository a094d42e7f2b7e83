/**
 * s3rver's object events differ from what S3 sends to Lambda in two ways: the key is not URL-encoded,
 * and the bucket ARN is malformed ("arn:aws:s3: : :bucket"). Normalising here means the local runtime
 * feeds processS3Event exactly what Lambda will, so the local path is the Lambda path.
 */
import { S3EventSchema, encodeS3Key, type S3Event } from '../contracts/s3-event';

export function normaliseS3rverEvent(s3rverEvent: unknown): S3Event {
  const event = S3EventSchema.parse(s3rverEvent);
  return {
    ...event,
    Records: event.Records.map((record) => ({
      ...record,
      s3: {
        ...record.s3,
        bucket: { ...record.s3.bucket, arn: `arn:aws:s3:::${record.s3.bucket.name}` },
        object: { ...record.s3.object, key: encodeS3Key(record.s3.object.key) },
      },
    })),
  };
}
